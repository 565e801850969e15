using Lakemon.Probes.Configuration;

namespace Lakemon.Scenarios.Configuration;

/// <summary>One rehearsal scenario. Load: <see cref="Copies"/> concurrent clients per RSE (closed model) or
/// <see cref="Rate"/> calls per second per RSE (open model) for <see cref="Duration"/>; the TPC matrix instead ramps
/// each link to its target in 25 % steps of <see cref="RampStep"/> and holds it for <see cref="Hold"/>.</summary>
public sealed record RehearsalScenarioOptions(
    string Name,
    RehearsalKind Kind,
    string Protocol,
    IReadOnlyList<string> Rses,
    int? Copies,
    double? Rate,
    long FileSize,
    int Files,
    TimeSpan Duration,
    TpcMode TpcMode,
    IReadOnlyList<TpcLinkOptions> Links,
    TimeSpan RampStep,
    TimeSpan Hold,
    int MaxInFlight,
    IReadOnlyDictionary<string, double> Mix,
    IReadOnlyList<ThresholdOptions> Thresholds,
    int Line);
