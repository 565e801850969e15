namespace Lakemon.Scenarios.Engine;

/// <summary>The final stats of a scenario and the verdict of each of its thresholds; <see cref="Error"/> says why the
/// scenario could not run at all (its Init failed), which fails it.</summary>
public sealed record ScenarioResult(ScenarioStats Stats, IReadOnlyList<ThresholdResult> Thresholds, bool Aborted)
{
    public string? Error { get; init; }

    public bool Passed => !Aborted && Error is null && Thresholds.All(t => t.Passed);
}
