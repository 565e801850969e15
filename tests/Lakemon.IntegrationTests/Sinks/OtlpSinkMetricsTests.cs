using Lakemon.Collector.Metrics;
using Lakemon.Collector.Sinks;
using Lakemon.IntegrationTests.Support;
using Lakemon.Probes.Configuration;
using Lakemon.Probes.Results;
using Lakemon.Tests.Results;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OpenTelemetry.Metrics;
using Xunit;

namespace Lakemon.IntegrationTests.Sinks;

/// <summary>The OTLP sink in-process, on a fake clock, exporting only when the test flushes.</summary>
public sealed class OtlpSinkMetricsTests
{
    [Fact]
    public async Task AddLakemonOtlp_StaleOrUnknownCheck_ExportsStatusUnknownAndNoSuccessSample()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var metrics = new LakemonMetrics(new LakemonMetricsOptions { StorageFreshness = TimeSpan.FromMinutes(30) }, time);
        var services = new ServiceCollection();
        services.AddLakemonOtlp(new OtlpSinkOptions(receiver.Endpoint, new Dictionary<string, string>()),
            new OtlpExportOptions { MetricExportInterval = TimeSpan.FromHours(1) });
        await using var provider = services.BuildServiceProvider();
        var meterProvider = provider.GetRequiredService<MeterProvider>();
        // Other tests of this process may have a "Lakemon" meter too: only this RSE's series are looked at.
        var rse = $"OTLP-{Guid.NewGuid():N}"[..16];
        var started = time.GetUtcNow().AddSeconds(-2);
        metrics.Record(SampleResults.Storage(rse: rse, operation: ProbeOperation.Upload) with { StartedAt = started });
        metrics.Record(SampleResults.Storage(rse: rse, operation: ProbeOperation.Stat, status: ProbeStatus.Unknown,
            failure: FailureKind.PrerequisiteFailed) with { StartedAt = started });

        Assert.True(meterProvider.ForceFlush());
        Assert.Equal(["stat 3", "upload 0"], Points(receiver, "lakemon_probe_status", rse));
        // UNKNOWN has no success sample: a 0 would count against the service (DESIGN.md §5).
        Assert.Equal(["upload 1"], Points(receiver, "lakemon_probe_success", rse));

        time.Advance(TimeSpan.FromMinutes(31));
        Assert.True(meterProvider.ForceFlush());
        Assert.Equal(["stat 3", "upload 3"], Points(receiver, "lakemon_probe_status", rse));
        // The SDK exports an observable series only when its callback reported it this time, so the stale check's
        // last success does not linger in OTLP any more than on /metrics.
        Assert.Empty(Points(receiver, "lakemon_probe_success", rse));
        Assert.Equal(2, Points(receiver, "lakemon_probe_last_timestamp_seconds", rse).Count);
    }

    private static List<string> Points(OtlpReceiver receiver, string metric, string rse) =>
        [.. (receiver.MetricInLatestRequest(metric)?.GaugePoints() ?? [])
            .Where(p => p.Labels.GetValueOrDefault("rse") == rse)
            .Select(p => $"{p.Labels["operation"]} {p.Value}")
            .Order(StringComparer.Ordinal)];
}
