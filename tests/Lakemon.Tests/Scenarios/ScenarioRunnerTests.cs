using Lakemon.Scenarios.Engine;

namespace Lakemon.Tests.Scenarios;

public sealed class ScenarioRunnerTests
{
    [Fact]
    public async Task RunAsync_OpenModel_RunsExactlyTheInjectedCallsThroughEveryStep()
    {
        var second = 0;
        var scenario = new Scenario(
            "open",
            [
                new Step("first", _ => Task.FromResult(StepResult.Ok(3))),
                new Step("second", _ => Task.FromResult(Interlocked.Increment(ref second) % 4 == 0 ? StepResult.Fail("server_error") : StepResult.Ok(4))),
            ],
            [LoadSimulation.Inject(40, TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(500))]);

        var result = await new ScenarioRunner(scenario).RunAsync(null, default);

        Assert.Equal(20, result.Stats.Calls.RequestCount);
        Assert.Equal(15, result.Stats.Calls.OkCount);
        Assert.Equal(20, result.Stats.Step("first").OkCount);
        Assert.Equal(5, result.Stats.Step("second").FailCount);
        Assert.Equal(20 * 3 + 15 * 4, result.Stats.Calls.Bytes);
        Assert.Equal(5, result.Stats.Calls.FailureKinds["server_error"]);
    }

    [Fact]
    public async Task RunAsync_OpenModelCallsOutlastTheTimeline_WaitsForThemAndCountsEveryOne()
    {
        var finished = 0;
        var scenario = Scenario.Create(
            "slow",
            async context =>
            {
                await Task.Delay(300, context.CancellationToken);
                Interlocked.Increment(ref finished);
                return StepResult.Ok(1);
            },
            LoadSimulation.Inject(20, TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(250)));

        var result = await new ScenarioRunner(scenario).RunAsync(null, default);

        Assert.Equal(5, finished);
        Assert.Equal(5, result.Stats.Calls.OkCount);
        // Each call took its 300 ms delay (timers may fire a tick early).
        Assert.True(result.Stats.Calls.Latency.MinMs >= 290, $"min latency {result.Stats.Calls.Latency.MinMs} ms");
    }

    [Fact]
    public async Task RunAsync_ClosedModel_NeverMoreCallsAtOnceThanCopies()
    {
        var running = 0;
        var peak = 0;
        var scenario = Scenario.Create(
            "closed",
            async context =>
            {
                var now = Interlocked.Increment(ref running);
                InterlockedMax(ref peak, now);
                await Task.Delay(5, context.CancellationToken);
                Interlocked.Decrement(ref running);
                return StepResult.Ok();
            },
            LoadSimulation.KeepConstant(3, TimeSpan.FromMilliseconds(300)));

        var result = await new ScenarioRunner(scenario).RunAsync(null, default);

        Assert.Equal(3, peak);
        Assert.True(result.Stats.Calls.OkCount >= 3);
        Assert.Equal(0, result.Stats.Calls.FailCount);
    }

    [Fact]
    public async Task RunAsync_ThresholdWithAbortCount_StopsEarlyAndFails()
    {
        var scenario = Scenario.Create("failing", _ => Task.FromResult(StepResult.Fail("connect")), LoadSimulation.Inject(50, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5)))
            with
        {
            Thresholds = [new Threshold("no failures", s => s.Calls.FailCount == 0) { AbortWhenErrorCount = 2 }],
        };
        var realtime = new List<ScenarioStats>();

        var result = await new ScenarioRunner(scenario, new ScenarioRunOptions(TimeSpan.FromMilliseconds(100)))
            .RunAsync(s => { realtime.Add(s); return Task.CompletedTask; }, default);

        Assert.True(result.Aborted);
        Assert.False(result.Passed);
        Assert.Equal(2, realtime.Count);
        Assert.True(result.Stats.Duration < TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task RunAsync_StepThrows_FailedCallAndCleanStillRuns()
    {
        var cleaned = false;
        var scenario = Scenario.Create("throws", _ => throw new InvalidOperationException("boom"), LoadSimulation.Inject(5, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)))
            with
        {
            Clean = _ => { cleaned = true; return Task.CompletedTask; },
        };

        var result = await new ScenarioRunner(scenario).RunAsync(null, default);

        Assert.Equal(5, result.Stats.Calls.FailureKinds["probe_error"]);
        Assert.True(cleaned);
    }

    [Fact]
    public async Task RunAsync_InitThrows_FailsWithTheReasonWithoutCallsAndCleans()
    {
        var calls = 0;
        var cleaned = false;
        var scenario = Scenario.Create("seedless", _ => { Interlocked.Increment(ref calls); return Task.FromResult(StepResult.Ok()); }, LoadSimulation.Inject(5, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)))
            with
        {
            Init = _ => throw new IOException("no space for seeds"),
            Clean = _ => { cleaned = true; return Task.CompletedTask; },
        };

        var result = await new ScenarioRunner(scenario).RunAsync(null, default);

        Assert.Equal("init failed: no space for seeds", result.Error);
        Assert.False(result.Passed);
        Assert.Equal(0, calls);
        Assert.True(cleaned);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }
            current = seen;
        }
    }
}
