using Lakemon.Collector.Metrics;
using Lakemon.Collector.Sla;
using Lakemon.Collector.Store;
using Lakemon.IntegrationTests.Support;
using Lakemon.Probes.Configuration;
using Lakemon.Probes.Results;
using Lakemon.Tests.Results;

namespace Lakemon.IntegrationTests.Metrics;

/// <summary>DESIGN.md §5: "promtool check metrics must be clean on the live /metrics".</summary>
public sealed class PromtoolCheckTests
{
    [Fact]
    public async Task PromtoolCheckMetrics_LiveScrapeOfAPopulatedRegistry_ReportsNothing()
    {
        await TestPackages.EnsureInstalledAsync("prometheus", "promtool");
        using var metrics = new LakemonMetrics(new LakemonMetricsOptions());
        await using var server = await MetricsServer.StartAsync(metrics, "http://127.0.0.1:0", CancellationToken.None);
        RecordEveryKindOfResult(metrics);
        using var http = new HttpClient();

        var scrape = await http.GetStringAsync(server.MetricsUri);
        var result = await PromtoolAsync(scrape);

        Assert.Contains("lakemon_probe_results_total{", scrape, StringComparison.Ordinal);
        Assert.Contains("lakemon_transfer_duration_seconds_bucket{", scrape, StringComparison.Ordinal);
        Assert.Contains("lakemon_sla_availability_ratio{", scrape, StringComparison.Ordinal);
        Assert.Contains("lakemon_sla_unknown_ratio{", scrape, StringComparison.Ordinal);
        Assert.Contains("lakemon_network_path_changes_total{", scrape, StringComparison.Ordinal);
        Assert.Contains("lakemon_network_packet_loss_ratio{", scrape, StringComparison.Ordinal);
        Assert.True(result is { ExitCode: 0, StandardOutput: "", StandardError: "" }, result.ToString());
    }

    [Fact]
    public async Task PromtoolCheckMetrics_CounterExportedAsGauge_IsReported()
    {
        // The control: promtool does read stdin and lint it. This is what prometheus-net's own MeterAdapter would
        // serve for the results counter, and why the exporter maps instruments itself.
        await TestPackages.EnsureInstalledAsync("prometheus", "promtool");

        var result = await PromtoolAsync("# HELP lakemon_probe_results_total x\n# TYPE lakemon_probe_results_total gauge\nlakemon_probe_results_total 1\n");

        Assert.Contains("non-counter metrics should not have \"_total\" suffix", result.StandardOutput + result.StandardError, StringComparison.Ordinal);
    }

    /// <summary>promtool reads the exposition from stdin, as in <c>curl .../metrics | promtool check metrics</c>.</summary>
    private static async Task<ProcessResult> PromtoolAsync(string exposition)
    {
        var file = Path.Combine(TestDirectories.Create("promtool"), "metrics.txt");
        await File.WriteAllTextAsync(file, exposition);
        try
        {
            return await ProcessRunner.RunAsync("sh", ["-c", """promtool check metrics < "$1" """, "sh", file], TimeSpan.FromSeconds(30));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
        }
    }

    /// <summary>Every status, failure kinds, a stale check, throughputs and transfers of every mode.</summary>
    private static void RecordEveryKindOfResult(LakemonMetrics metrics)
    {
        var now = DateTimeOffset.UtcNow;
        var statuses = new (ProbeStatus Status, FailureKind? Failure)[]
        {
            (ProbeStatus.Ok, null), (ProbeStatus.Warning, null), (ProbeStatus.Critical, FailureKind.ChecksumMismatch),
            (ProbeStatus.Unknown, FailureKind.PrerequisiteFailed), (ProbeStatus.Critical, FailureKind.Timeout),
        };
        var i = 0;
        foreach (var rse in new[] { "LAKE-A", "LAKE-B" })
        {
            foreach (var protocol in new[] { "root", "https" })
            {
                foreach (var operation in ProbeOperations.StorageLifecycle)
                {
                    var (status, failure) = statuses[i++ % statuses.Length];
                    metrics.Record(SampleResults.Storage(rse, protocol, operation, status, failure, seconds: 0.001 * i) with
                    {
                        StartedAt = now, ThroughputBytesPerSecond = 1e6 * i,
                    });
                }
            }
        }
        metrics.Record(SampleResults.Storage("LAKE-C") with { StartedAt = now - TimeSpan.FromDays(1) });
        foreach (var mode in Enum.GetValues<TpcMode>())
        {
            metrics.Record(SampleResults.Transfer(mode: mode) with { StartedAt = now, ThroughputBytesPerSecond = 2.5e8 });
            metrics.Record(SampleResults.Transfer("LAKE-B", "LAKE-A", mode, ProbeStatus.Critical, FailureKind.TpcFailed) with { StartedAt = now });
        }
        // SLA gauges: LAKE-A with figures, LAKE-B all unknown (no availability sample), and their sites.
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var sla = new SlaCalculator(SlaOptions.Defaults(null), [], TimeSpan.FromMinutes(30), []).Start(today, today, now);
        sla.Add(StatusSample.Of(SampleResults.Storage("LAKE-A") with { StartedAt = now.AddMinutes(-20) }));
        sla.Add(StatusSample.Of(SampleResults.Storage("LAKE-B", site: "LOCAL-2", status: ProbeStatus.Unknown, failure: FailureKind.ProbeError) with { StartedAt = now.AddDays(-2) }));
        metrics.RecordSla(sla.Finish());
        RecordNetworkResults(metrics, now);
    }

    /// <summary>A latency, throughput and trace result of one link, and a changed path: every network instrument.</summary>
    private static void RecordNetworkResults(LakemonMetrics metrics, DateTimeOffset now)
    {
        ProbeResult Link(ProbeOperation operation, NetworkFigures figures) => new()
        {
            Id = Guid.NewGuid().ToString("N"), RunId = SampleResults.RunId, Kind = RunKind.Scheduled, Operation = operation,
            SrcSite = "LOCAL-1", DstSite = "LOCAL-2", Protocol = "twamp", StartedAt = now, Duration = TimeSpan.FromSeconds(1),
            Status = ProbeStatus.Ok, Network = figures,
        };
        metrics.Record(Link(ProbeOperation.Latency, new NetworkFigures
        {
            RttSeconds = new Dictionary<string, double> { ["median"] = 0.004 }, OwdSeconds = 0.002, JitterSeconds = 0.0001, LossRatio = 0.001,
        }));
        metrics.Record(Link(ProbeOperation.Throughput, new NetworkFigures { ThroughputBitsPerSecond = 1e9 }));
        metrics.Record(Link(ProbeOperation.Trace, new NetworkFigures { PathHops = 1, PathFingerprint = "a" }));
        metrics.Record(Link(ProbeOperation.Trace, new NetworkFigures { PathHops = 2, PathFingerprint = "b" }));
    }
}
