using Lakemon.Probes.Network;
using Lakemon.Probes.Results;

namespace Lakemon.Tests.Network;

public sealed class LatencyMeasurementTests
{
    [Fact]
    public void DelayStatistics_FourValues_HandComputed()
    {
        var stats = DelayStatistics.Of([0.004, 0.001, 0.003, 0.002])!;

        Assert.Equal(0.001, stats.Min);
        Assert.Equal(0.0025, stats.Median, 12);
        Assert.Equal(0.0025, stats.Mean, 12);
        Assert.Equal(0.004, stats.P95);
        Assert.Equal(0.004, stats.Max);
    }

    [Fact]
    public void DelayStatistics_TwentyValues_P95IsTheNineteenthSmallest()
    {
        var stats = DelayStatistics.Of(Enumerable.Range(1, 20).Select(i => i / 1000.0))!;

        Assert.Equal(0.019, stats.P95, 12);
        Assert.Equal(0.0105, stats.Median, 12);
        Assert.Null(DelayStatistics.Of([]));
    }

    [Fact]
    public void Analyze_LossDuplicateAndReordering_CountedOnce()
    {
        // Sent 0..5; 3 is lost, 4 arrives before 2, 1 arrives twice.
        LatencySample[] arrivals =
        [
            new(0, 0.010), new(1, 0.012), new(1, 0.020), new(4, 0.011), new(2, 0.015), new(5, 0.013),
        ];

        var measurement = LatencyMeasurement.Analyze(6, arrivals);

        Assert.Equal(6, measurement.Sent);
        Assert.Equal(5, measurement.Received);
        Assert.Equal(1, measurement.Duplicates);
        Assert.Equal(1, measurement.Reordered);
        Assert.Equal(1.0 / 6, measurement.LossRatio, 12);
        // The duplicate does not count as a second RTT sample: 0.010, 0.012, 0.015, 0.011, 0.013.
        Assert.Equal(0.012, measurement.Rtt!.Median, 12);
        Assert.Equal(0.0122, measurement.Rtt.Mean, 12);
        // IPDV over consecutively sent pairs that both came back: (0,1) 2 ms, (1,2) 3 ms, (4,5) 2 ms.
        Assert.Equal(0.007 / 3, measurement.JitterSeconds!.Value, 12);
        Assert.Equal(0, measurement.TrailingLost);
        Assert.Null(measurement.ForwardDelay);
    }

    [Fact]
    public void Analyze_SequenceOutsideTheTest_Ignored()
    {
        var measurement = LatencyMeasurement.Analyze(2, [new LatencySample(0, 0.001), new LatencySample(77, 0.001)]);

        Assert.Equal(1, measurement.Received);
        Assert.Equal(1, measurement.TrailingLost);
    }

    [Fact]
    public void Analyze_OneWayDelaysOnEverySample_Reported()
    {
        var measurement = LatencyMeasurement.Analyze(2, [new LatencySample(0, 0.010, 0.004, 0.006), new LatencySample(1, 0.012, 0.005, 0.007)]);

        Assert.Equal(0.0045, measurement.ForwardDelay!.Median, 12);
        Assert.Equal(0.0065, measurement.BackwardDelay!.Median, 12);
    }

    [Fact]
    public void Verdict_NothingCameBack_IsUnknownTimeout()
    {
        var verdict = LatencyVerdict.Of(LatencyMeasurement.Analyze(100, []), new NetworkThresholds());

        Assert.Equal(ProbeStatus.Unknown, verdict.Status);
        Assert.Equal(FailureKind.Timeout, verdict.FailureKind);
    }

    [Fact]
    public void Verdict_AnswersStopForGood_IsUnknownTimeoutNotCritical()
    {
        var arrivals = Enumerable.Range(0, 300).Select(i => new LatencySample((uint)i, 0.001));

        var verdict = LatencyVerdict.Of(LatencyMeasurement.Analyze(1000, arrivals), new NetworkThresholds());

        Assert.Equal(ProbeStatus.Unknown, verdict.Status);
        Assert.Equal(FailureKind.Timeout, verdict.FailureKind);
        Assert.Contains("stopped answering after packet 299", verdict.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, ProbeStatus.Ok)]
    [InlineData(1, ProbeStatus.Warning)]
    [InlineData(9, ProbeStatus.Warning)]
    [InlineData(10, ProbeStatus.Critical)]
    [InlineData(50, ProbeStatus.Critical)]
    public void Verdict_ScatteredLoss_PerfSonarThresholds(int lostPerThousand, ProbeStatus expected)
    {
        // Every k-th packet lost, never the last: random loss, not a vanished reflector.
        var lost = Enumerable.Range(0, lostPerThousand).Select(i => (i * 97) + 3).ToHashSet();
        var arrivals = Enumerable.Range(0, 1000).Where(i => !lost.Contains(i)).Select(i => new LatencySample((uint)i, 0.001));

        var verdict = LatencyVerdict.Of(LatencyMeasurement.Analyze(1000, arrivals), new NetworkThresholds());

        Assert.Equal(expected, verdict.Status);
        Assert.Null(verdict.FailureKind);
    }

    [Fact]
    public void Verdict_MedianRttAboveConfiguredLimit_IsWarning()
    {
        var arrivals = Enumerable.Range(0, 10).Select(i => new LatencySample((uint)i, 0.050));

        var verdict = LatencyVerdict.Of(LatencyMeasurement.Analyze(10, arrivals),
            new NetworkThresholds { RttWarning = TimeSpan.FromMilliseconds(40), RttCritical = TimeSpan.FromMilliseconds(100) });

        Assert.Equal(ProbeStatus.Warning, verdict.Status);
    }
}
