using Lakemon.Collector.Metrics;
using Lakemon.IntegrationTests.Support;
using Lakemon.Probes.Configuration;
using Lakemon.Probes.Results;
using Lakemon.Tests.Results;

namespace Lakemon.IntegrationTests.Metrics;

/// <summary>A real Debian Prometheus scrapes /metrics from Kestrel and answers queries about it.</summary>
public sealed class PrometheusScrapeTests
{
    private static readonly TimeSpan FirstScrape = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Prometheus_ScrapingMetrics_HasOneSuccessSeriesPerRecordedCheck()
    {
        await TestPackages.EnsureInstalledAsync("prometheus", "promtool");
        using var metrics = new LakemonMetrics(new LakemonMetricsOptions());
        await using var server = await MetricsServer.StartAsync(metrics, "http://127.0.0.1:0", CancellationToken.None);
        var now = DateTimeOffset.UtcNow;
        var checks = (
            from rse in new[] { "LAKE-A", "LAKE-B" }
            from protocol in new[] { "root", "https" }
            from operation in ProbeOperations.StorageLifecycle
            select (Rse: rse, Protocol: protocol, Operation: operation)).ToList();
        foreach (var (check, index) in checks.Select((check, index) => (check, index)))
        {
            var failed = index % 5 == 0;
            metrics.Record(SampleResults.Storage(check.Rse, check.Protocol, check.Operation,
                failed ? ProbeStatus.Critical : ProbeStatus.Ok, failed ? FailureKind.ServerError : null) with { StartedAt = now });
        }
        var links = (
            from pair in new[] { ("LAKE-A", "LAKE-B"), ("LAKE-B", "LAKE-A") }
            from mode in new[] { TpcMode.Root, TpcMode.HttpPull }
            select (Source: pair.Item1, Destination: pair.Item2, Mode: mode)).ToList();
        foreach (var link in links)
        {
            metrics.Record(SampleResults.Transfer(link.Source, link.Destination, link.Mode) with { StartedAt = now });
        }
        // An UNKNOWN check has a status but must have no success series.
        metrics.Record(SampleResults.Storage("LAKE-C", status: ProbeStatus.Unknown, failure: FailureKind.PrerequisiteFailed) with { StartedAt = now });

        await using var prometheus = await PrometheusServer.StartAsync(server.Address);
        var success = await prometheus.QueryUntilAsync("lakemon_probe_success", samples => samples.Count >= checks.Count, FirstScrape);
        var transfers = await prometheus.QueryUntilAsync("lakemon_transfer_success", samples => samples.Count >= links.Count, FirstScrape);
        var unknown = await prometheus.QueryAsync("lakemon_probe_status == 3");

        Assert.True(success.Count == checks.Count, $"{success.Count} series:\n{string.Join('\n', success.Select(Describe))}\n{prometheus.Log}");
        Assert.Equal(
            checks.Select(check => $"{check.Rse} {check.Protocol} {check.Operation.ToWire()}").Order(StringComparer.Ordinal),
            success.Select(sample => $"{sample.Labels["rse"]} {sample.Labels["protocol"]} {sample.Labels["operation"]}").Order(StringComparer.Ordinal));
        Assert.Equal(checks.Count(check => checks.IndexOf(check) % 5 == 0), success.Count(sample => sample.Value == "0"));
        Assert.All(success, sample => Assert.Equal("lakemon", sample.Labels["job"]));
        Assert.Equal(
            links.Select(link => $"{link.Source} {link.Destination} {TpcModeNames.ToWire(link.Mode)}").Order(StringComparer.Ordinal),
            transfers.Select(sample => $"{sample.Labels["src_rse"]} {sample.Labels["dst_rse"]} {sample.Labels["tpc_mode"]}").Order(StringComparer.Ordinal));
        Assert.Equal("LAKE-C", Assert.Single(unknown).Labels["rse"]);
    }

    private static string Describe(PrometheusSample sample) =>
        $"{{{string.Join(',', sample.Labels.Select(label => $"{label.Key}=\"{label.Value}\""))}}} {sample.Value}";
}
