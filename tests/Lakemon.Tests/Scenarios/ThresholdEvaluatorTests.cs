using Lakemon.Scenarios.Engine;

namespace Lakemon.Tests.Scenarios;

public sealed class ThresholdEvaluatorTests
{
    private static ScenarioStats Stats(long ok, long fail, TimeSpan duration)
    {
        var measurements = new StepMeasurements("upload");
        for (var i = 0; i < ok; i++)
        {
            measurements.Record(StepResult.Ok(10), TimeSpan.FromMilliseconds(5));
        }
        for (var i = 0; i < fail; i++)
        {
            measurements.Record(StepResult.Fail("timeout"), TimeSpan.FromMilliseconds(5));
        }
        var step = measurements.Snapshot(duration);
        return new ScenarioStats("s", duration, step with { Name = "s" }, [step]);
    }

    private static readonly Threshold FewFailures = new("fail ratio < 10 %", s => s.Calls.FailRatio < 0.1);

    [Fact]
    public void Evaluate_BeforeStartAfter_NotChecked()
    {
        var threshold = FewFailures with { StartAfter = TimeSpan.FromSeconds(10) };

        var state = ThresholdEvaluator.Evaluate(threshold, Stats(1, 9, TimeSpan.FromSeconds(5)), ThresholdState.Initial);

        Assert.Equal(ThresholdState.Initial, state);
    }

    [Fact]
    public void Evaluate_AfterStartAfter_CountsFailedChecks()
    {
        var threshold = FewFailures with { StartAfter = TimeSpan.FromSeconds(10) };

        var state = ThresholdEvaluator.Evaluate(threshold, Stats(1, 9, TimeSpan.FromSeconds(10)), ThresholdState.Initial);
        state = ThresholdEvaluator.Evaluate(threshold, Stats(100, 0, TimeSpan.FromSeconds(15)), state);

        Assert.Equal(new ThresholdState(1, true, false), state);
    }

    [Fact]
    public void Evaluate_ErrorsReachAbortCount_Aborted()
    {
        var threshold = FewFailures with { AbortWhenErrorCount = 2 };
        var bad = Stats(1, 9, TimeSpan.FromSeconds(1));

        var once = ThresholdEvaluator.Evaluate(threshold, bad, ThresholdState.Initial);
        var twice = ThresholdEvaluator.Evaluate(threshold, bad, once);

        Assert.False(once.Aborted);
        Assert.True(twice.Aborted);
        Assert.Equal(2, twice.ErrorCount);
    }

    [Fact]
    public void Evaluate_PredicateThrows_CountsAsFailed()
    {
        var threshold = new Threshold("missing step", s => s.Step("nope").OkCount > 0);

        var state = ThresholdEvaluator.Evaluate(threshold, Stats(1, 0, TimeSpan.FromSeconds(1)), ThresholdState.Initial);

        Assert.Equal(new ThresholdState(1, false, false), state);
    }

    [Fact]
    public void Final_GoodEndAfterBadMiddle_PassesUnlessAborted()
    {
        var good = Stats(100, 0, TimeSpan.FromSeconds(20));
        var afterBadMiddle = new ThresholdState(1, false, false);

        Assert.True(ThresholdEvaluator.Final(FewFailures, good, afterBadMiddle).Passed);
        Assert.False(ThresholdEvaluator.Final(FewFailures, good, afterBadMiddle with { Aborted = true }).Passed);
        Assert.False(ThresholdEvaluator.Final(FewFailures, Stats(1, 1, TimeSpan.FromSeconds(20)), ThresholdState.Initial).Passed);
    }

    [Fact]
    public void Final_ShortRunBeforeStartAfter_StillChecked()
    {
        var threshold = FewFailures with { StartAfter = TimeSpan.FromMinutes(1) };

        var result = ThresholdEvaluator.Final(threshold, Stats(0, 5, TimeSpan.FromSeconds(2)), ThresholdState.Initial);

        Assert.False(result.Passed);
    }
}
