namespace Lakemon.Scenarios.Configuration;

/// <summary>A rehearsal file: the lakemon configuration naming the RSEs, and the scenarios to run side by side.</summary>
/// <param name="LakemonConfig">Path of the lakemon configuration (resolved against the rehearsal file's directory).</param>
/// <param name="Cleanup">Delete everything written when the run ends (off only to inspect what a rehearsal wrote).</param>
public sealed record RehearsalOptions(
    string LakemonConfig,
    string? RunId,
    TimeSpan ReportInterval,
    bool Cleanup,
    TimeSpan CallTimeout,
    CollectorTargetOptions? Collector,
    IReadOnlyList<RehearsalScenarioOptions> Scenarios);
