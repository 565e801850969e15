namespace Lakemon.Scenarios.Engine;

/// <summary>
/// A predicate over a scenario's stats (NBomber's Threshold.Create). It is checked at every real-time report once the
/// scenario has run <see cref="StartAfter"/>, and on the final stats; a failed check counts as an error, and
/// <see cref="AbortWhenErrorCount"/> errors stop the scenario early. The scenario passes the threshold when the final
/// check holds and it was not aborted.
/// </summary>
public sealed record Threshold(string Name, Func<ScenarioStats, bool> Check)
{
    public int? AbortWhenErrorCount { get; init; }

    public TimeSpan StartAfter { get; init; }
}
