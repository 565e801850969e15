using Lakemon.Scenarios.Engine;

namespace Lakemon.Tests.Scenarios;

public sealed class LoadTimelineBuilderTests
{
    private static TimeSpan Ms(long ms) => TimeSpan.FromMilliseconds(ms);

    private static TimeSpan S(long s) => TimeSpan.FromSeconds(s);

    [Fact]
    public void Build_Inject_SpreadsCallsEvenlyInEachInterval()
    {
        var timeline = LoadTimelineBuilder.Build([LoadSimulation.Inject(10, S(1), S(2))]);

        Assert.Equal(20, timeline.Injections.Count);
        Assert.Equal(Enumerable.Range(0, 20).Select(k => Ms(k * 100)), timeline.Injections);
        Assert.Empty(timeline.Concurrency);
        Assert.Equal(S(2), timeline.Duration);
    }

    [Fact]
    public void Build_InjectWithPartialInterval_CountsCallsDueBeforeTheEnd()
    {
        var timeline = LoadTimelineBuilder.Build([LoadSimulation.Inject(3, S(1), Ms(500))]);

        Assert.Equal([TimeSpan.Zero, TimeSpan.FromTicks(S(1).Ticks / 3)], timeline.Injections);
    }

    [Fact]
    public void Build_RampingInjectFromZero_CallsAtSquareRootInstants()
    {
        // 0 → 10/s over 2 s: N(t) = 2.5 t², 10 calls, call k at √(k / 2.5) s.
        var timeline = LoadTimelineBuilder.Build([LoadSimulation.RampingInject(10, S(1), S(2))]);

        Assert.Equal(10, timeline.Injections.Count);
        for (var k = 0; k < 10; k++)
        {
            Assert.Equal(TimeSpan.FromTicks((long)Math.Round(Math.Sqrt(k / 2.5) * TimeSpan.TicksPerSecond)), timeline.Injections[k]);
        }
    }

    [Fact]
    public void Build_RampingInjectAfterInject_RampsFromThePreviousRate()
    {
        // 10/s for 1 s (10 calls), then 10 → 30/s over 1 s: 20 more calls, the first at 1 s, the next after 1/10 s or less.
        var timeline = LoadTimelineBuilder.Build([LoadSimulation.Inject(10, S(1), S(1)), LoadSimulation.RampingInject(30, S(1), S(1))]);

        Assert.Equal(30, timeline.Injections.Count);
        Assert.Equal(S(1), timeline.Injections[10]);
        // N(t) = 10 t + 10 t²: the second ramp call is at (−10 + √(100 + 40)) / 20 s.
        Assert.Equal(TimeSpan.FromTicks(S(1).Ticks + (long)Math.Round((-10 + Math.Sqrt(140)) / 20 * TimeSpan.TicksPerSecond)), timeline.Injections[11]);
        Assert.True(timeline.Injections.Zip(timeline.Injections.Skip(1)).All(p => p.First < p.Second));
        Assert.Equal(S(2), timeline.Duration);
    }

    [Fact]
    public void Build_RampingInjectDown_HalvesTheCalls()
    {
        var timeline = LoadTimelineBuilder.Build([LoadSimulation.Inject(20, S(1), S(1)), LoadSimulation.RampingInject(0, S(1), S(2))]);

        Assert.Equal(20 + 20, timeline.Injections.Count);
        Assert.True(timeline.Injections[^1] < S(3));
    }

    [Fact]
    public void Build_KeepConstant_OneChangeUpAndOneDownAtTheEnd()
    {
        var timeline = LoadTimelineBuilder.Build([LoadSimulation.KeepConstant(4, S(3))]);

        Assert.Equal([new ConcurrencyChange(TimeSpan.Zero, 4), new ConcurrencyChange(S(3), 0)], timeline.Concurrency);
        Assert.Empty(timeline.Injections);
        Assert.Equal(4, timeline.MaxCopies);
    }

    [Fact]
    public void Build_RampingConstantUpThenDown_OneCopyPerEvenlySpacedStep()
    {
        var timeline = LoadTimelineBuilder.Build([LoadSimulation.RampingConstant(4, S(5)), LoadSimulation.RampingConstant(0, S(5))]);

        Assert.Equal(
            [
                new ConcurrencyChange(S(1), 1), new ConcurrencyChange(S(2), 2), new ConcurrencyChange(S(3), 3), new ConcurrencyChange(S(4), 4),
                new ConcurrencyChange(S(6), 3), new ConcurrencyChange(S(7), 2), new ConcurrencyChange(S(8), 1), new ConcurrencyChange(S(9), 0),
            ],
            timeline.Concurrency);
        Assert.Equal(S(10), timeline.Duration);
    }

    [Fact]
    public void Build_PauseBetweenSegments_ShiftsLaterSegmentsAndStopsCopies()
    {
        var timeline = LoadTimelineBuilder.Build(
        [
            LoadSimulation.KeepConstant(2, S(1)),
            LoadSimulation.Pause(S(2)),
            LoadSimulation.Inject(2, S(1), S(1)),
            LoadSimulation.KeepConstant(3, S(1)),
        ]);

        Assert.Equal([S(3), Ms(3500)], timeline.Injections);
        Assert.Equal(
            [new ConcurrencyChange(TimeSpan.Zero, 2), new ConcurrencyChange(S(1), 0), new ConcurrencyChange(S(4), 3), new ConcurrencyChange(S(5), 0)],
            timeline.Concurrency);
        Assert.Equal(S(5), timeline.Duration);
    }

    [Fact]
    public void Build_RampingInjectAfterPause_StartsFromZero()
    {
        var timeline = LoadTimelineBuilder.Build([LoadSimulation.Inject(10, S(1), S(1)), LoadSimulation.Pause(S(1)), LoadSimulation.RampingInject(10, S(1), S(2))]);

        Assert.Equal(10 + 10, timeline.Injections.Count);
        Assert.Equal(S(2), timeline.Injections[10]);
    }

    [Fact]
    public void Build_NegativeRate_Refused()
    {
        Assert.Throws<ArgumentException>(() => LoadTimelineBuilder.Build([LoadSimulation.Inject(-1, S(1), S(1))]));
        Assert.Throws<ArgumentException>(() => LoadTimelineBuilder.Build([LoadSimulation.Inject(1, TimeSpan.Zero, S(1))]));
    }
}
