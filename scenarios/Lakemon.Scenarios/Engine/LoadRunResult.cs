namespace Lakemon.Scenarios.Engine;

/// <summary>One run of one or more scenarios; <see cref="Details"/> carries what a scenario adds to the report (e.g. the
/// TPC matrix's per-link rates), keyed by scenario name.</summary>
public sealed record LoadRunResult(string RunId, string Kind, DateTimeOffset StartedAt, TimeSpan Duration, IReadOnlyList<ScenarioResult> Scenarios)
{
    public IReadOnlyList<ReportSection> Details { get; init; } = [];

    public bool Passed => Scenarios.All(s => s.Passed) && Details.All(d => d.Passed != false);
}
