namespace Lakemon.Scenarios.Engine;

/// <summary>The final stats of a scenario and the verdict of each of its thresholds.</summary>
public sealed record ScenarioResult(ScenarioStats Stats, IReadOnlyList<ThresholdResult> Thresholds, bool Aborted)
{
    public bool Passed => !Aborted && Thresholds.All(t => t.Passed);
}
