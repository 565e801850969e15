using Lakemon.Probes.Results;
using Lakemon.Scenarios.Engine;

namespace Lakemon.Scenarios.Rehearsals;

/// <summary>The final result of a rehearsal (with its TPC and cleanup sections) and every result it produced.</summary>
public sealed record RehearsalOutcome(LoadRunResult Result, IReadOnlyList<ProbeResult> Results, IReadOnlyList<CleanupTally> Cleanup);
