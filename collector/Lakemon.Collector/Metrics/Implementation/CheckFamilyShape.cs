using Lakemon.Probes.Results;

namespace Lakemon.Collector.Metrics.Implementation;

/// <summary>What sets one probe family's metrics apart: their name prefix, the labels that identify a check (DESIGN.md §5)
/// and which results carry a throughput.</summary>
/// <param name="Subject">What one check is called in HELP texts ("storage check").</param>
/// <param name="CountsResults">Whether the family has <c>_results_total</c>, which DESIGN.md §5 lists for storage checks
/// only (for transfer links it would multiply N² links by every status and failure kind).</param>
internal sealed record CheckFamilyShape(
    string Prefix,
    string Subject,
    string[] LabelNames,
    Func<ProbeResult, string[]> LabelValues,
    Func<ProbeResult, bool> MeasuresThroughput,
    string ThroughputHelp,
    bool CountsResults);
