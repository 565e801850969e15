using Lakemon.Scenarios.Engine;

namespace Lakemon.Tests.Scenarios;

public sealed class StepMeasurementsTests
{
    [Fact]
    public void Snapshot_KnownSamples_CountsBytesAndPercentiles()
    {
        var measurements = new StepMeasurements("read");
        for (var ms = 1; ms <= 100; ms++)
        {
            measurements.Record(StepResult.Ok(1000), TimeSpan.FromMilliseconds(ms));
        }
        measurements.Record(StepResult.Fail("timeout"), TimeSpan.FromSeconds(30));
        measurements.Record(StepResult.Fail("connect", bytes: 5), TimeSpan.FromSeconds(1));

        var stats = measurements.Snapshot(TimeSpan.FromSeconds(10));

        Assert.Equal(100, stats.OkCount);
        Assert.Equal(2, stats.FailCount);
        Assert.Equal(100_005, stats.Bytes);
        Assert.Equal(10.2, stats.Rps, 6);
        Assert.Equal(10_000.5, stats.BytesPerSecond, 6);
        Assert.Equal(1, stats.Latency.MinMs);
        Assert.Equal(100, stats.Latency.MaxMs);
        Assert.Equal(50.5, stats.Latency.MeanMs, 6);
        Assert.Equal(50, stats.Latency.P50Ms, 0);
        Assert.Equal(75, stats.Latency.P75Ms, 0);
        Assert.Equal(95, stats.Latency.P95Ms, 0);
        Assert.Equal(99, stats.Latency.P99Ms, 0);
        Assert.Equal(new Dictionary<string, long> { ["connect"] = 1, ["timeout"] = 1 }, stats.FailureKinds);
    }

    [Fact]
    public void Merge_TwoHalves_EqualsAllSamplesInOne()
    {
        var all = new StepMeasurements("s");
        var even = new StepMeasurements("s");
        var odd = new StepMeasurements("s");
        for (var i = 1; i <= 1000; i++)
        {
            var result = i % 97 == 0 ? StepResult.Fail(i % 2 == 0 ? "timeout" : "server_error") : StepResult.Ok(i);
            var latency = TimeSpan.FromMicroseconds(i * i);
            all.Record(result, latency);
            (i % 2 == 0 ? even : odd).Record(result, latency);
        }

        even.Merge(odd);

        var duration = TimeSpan.FromSeconds(3);
        var merged = even.Snapshot(duration);
        var expected = all.Snapshot(duration);
        Assert.Equal(expected with { FailureKinds = merged.FailureKinds }, merged);
        Assert.Equal(expected.FailureKinds, merged.FailureKinds);
    }

    [Fact]
    public void Snapshot_NothingSucceeded_ZeroLatency()
    {
        var measurements = new StepMeasurements("s");
        measurements.Record(StepResult.Fail("auth"), TimeSpan.FromSeconds(1));

        var stats = measurements.Snapshot(TimeSpan.FromSeconds(1));

        Assert.Equal(new LatencyStats(0, 0, 0, 0, 0, 0, 0), stats.Latency);
        Assert.Equal(1, stats.FailRatio);
    }
}
