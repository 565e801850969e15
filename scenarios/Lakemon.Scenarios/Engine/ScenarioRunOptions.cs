namespace Lakemon.Scenarios.Engine;

/// <summary>How often real-time stats are taken (and thresholds checked).</summary>
public sealed record ScenarioRunOptions(TimeSpan RealtimeInterval)
{
    public static ScenarioRunOptions Default { get; } = new(TimeSpan.FromSeconds(5));
}
