namespace Lakemon.Scenarios.Engine;

/// <summary>Pure threshold bookkeeping, so the rules (start-after, error counting, abort) are unit-tested apart from
/// the runner.</summary>
public static class ThresholdEvaluator
{
    /// <summary>One check against the stats at <see cref="ScenarioStats.Duration"/>; before StartAfter the state is
    /// unchanged. A predicate that throws counts as failed.</summary>
    public static ThresholdState Evaluate(Threshold threshold, ScenarioStats stats, ThresholdState state)
    {
        ArgumentNullException.ThrowIfNull(threshold);
        ArgumentNullException.ThrowIfNull(stats);
        ArgumentNullException.ThrowIfNull(state);
        if (stats.Duration < threshold.StartAfter)
        {
            return state;
        }
        bool passed;
        try
        {
            passed = threshold.Check(stats);
        }
#pragma warning disable CA1031 // a broken predicate (e.g. a step name that does not exist) fails its threshold, not the run
        catch (Exception)
#pragma warning restore CA1031
        {
            passed = false;
        }
        var errors = state.ErrorCount + (passed ? 0 : 1);
        var aborted = state.Aborted || (threshold.AbortWhenErrorCount is { } limit && errors >= limit);
        return new ThresholdState(errors, passed, aborted);
    }

    /// <summary>The final word: checked on the final stats regardless of StartAfter.</summary>
    public static ThresholdResult Final(Threshold threshold, ScenarioStats stats, ThresholdState state)
    {
        ArgumentNullException.ThrowIfNull(threshold);
        var final = Evaluate(threshold with { StartAfter = TimeSpan.Zero }, stats, state);
        return new ThresholdResult(threshold.Name, final.LastPassed == true && !state.Aborted, final.ErrorCount, state.Aborted);
    }
}
