using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Lakemon.Collector.Metrics.Implementation;
using Lakemon.IntegrationTests.Platform;
using Lakemon.IntegrationTests.Support;
using Lakemon.Probes.Configuration;
using Lakemon.Probes.Results;
using OpenTelemetry.Proto.Metrics.V1;
using OpenTelemetry.Proto.Trace.V1;
using Xunit;

namespace Lakemon.IntegrationTests.Sinks;

/// <summary>`lakemon run` on a local lake with <c>sinks.otlp</c> pointing at a test OTLP receiver.</summary>
public sealed partial class OtlpSinkTests
{
    private const string Canary = "canary-otlp-secret-123";

    private static readonly string[] ExpectedMetricNames =
    [
        "lakemon_probe_success", "lakemon_probe_status", "lakemon_probe_duration_seconds", "lakemon_probe_results_total",
        "lakemon_probe_throughput_bytes_per_second", "lakemon_probe_last_timestamp_seconds",
        "lakemon_transfer_success", "lakemon_transfer_status", "lakemon_transfer_duration_seconds",
        "lakemon_transfer_throughput_bytes_per_second",
    ];

    [Fact]
    public async Task Run_WithOtlpSink_ReceiverGetsTheMetricNamesAndOneSpanPerResultOfTheCycle()
    {
        await using var lake = await RunningLake.StartAsync(2, "otlp");
        await using var receiver = await OtlpReceiver.StartAsync();
        var (node, config) = await StartRunAsync(lake, receiver, headers: null);
        await using (node)
        {
            await WaitForTheCycleAsync(receiver);
            Assert.Equal(0, await node.StopAsync());
        }
        var results = await ExportResultsAsync(config);
        Assert.Equal(LoggedResults(node.StandardError), results.Count);

        // Traces: one per campaign, one "probe <operation>" span per result under it, its phases under that.
        var spans = receiver.Spans;
        var campaigns = spans.Where(s => s.Name == "campaign").ToDictionary(s => s.SpanId);
        Assert.Equal(results.Select(r => r.RunId).Distinct().Order(StringComparer.Ordinal),
            campaigns.Values.Select(c => c.Attributes.Attribute("lakemon.run_id")).Order(StringComparer.Ordinal));
        var probes = spans.Where(s => s.Name.StartsWith("probe ", StringComparison.Ordinal)).ToList();
        Assert.Equal(results.Count, probes.Count);
        var childrenOf = spans.ToLookup(s => s.ParentSpanId);
        Assert.All(probes, probe =>
        {
            var campaign = campaigns[probe.ParentSpanId];
            Assert.Equal(campaign.TraceId, probe.TraceId);
            Assert.Equal(campaign.Attributes.Attribute("lakemon.run_id"), probe.Attributes.Attribute("lakemon.run_id"));
            Assert.Equal(Span.Types.SpanKind.Client, probe.Kind);
        });
        Assert.Equal(
            results.Select(r => Key(r, r.Phases.Select(p => p.Key))).Order(StringComparer.Ordinal),
            probes.Select(p => Key(p, childrenOf[p.SpanId].Select(c => c.Name))).Order(StringComparer.Ordinal));
        // Nothing else: every span is a campaign, a probe or a phase of a probe.
        Assert.Equal(campaigns.Count + probes.Count + results.Sum(r => r.Phases.Count), spans.Count);

        // Metrics: the Prometheus names and labels of DESIGN.md §5, with the same series the results imply.
        Assert.Subset(receiver.MetricNames.ToHashSet(), ExpectedMetricNames.ToHashSet());
        var resource = receiver.MetricRequests[^1].Message.ResourceMetrics[0].Resource;
        Assert.Equal("lakemon", resource.Attribute("service.name"));
        Assert.False(string.IsNullOrEmpty(resource.Attribute("service.instance.id")));
        var storage = results.Where(r => r.Rse is not null).ToList();
        var transfers = results.Where(r => r.Rse is null).ToList();
        Assert.NotEmpty(storage);
        Assert.NotEmpty(transfers);
        Assert.Equal(
            storage.Where(r => r.Status != ProbeStatus.Unknown)
                .Select(r => $"{r.Rse} {r.Protocol} {r.Operation.ToWire()} {(r.Status.IsUp() ? 1 : 0)}").Distinct().Order(StringComparer.Ordinal),
            receiver.LatestMetric("lakemon_probe_success")!.GaugePoints()
                .Select(p => $"{p.Labels["rse"]} {p.Labels["protocol"]} {p.Labels["operation"]} {p.Value}").Order(StringComparer.Ordinal));
        Assert.Equal(
            transfers.Where(r => r.Status != ProbeStatus.Unknown)
                .Select(r => $"{r.SrcRse} {r.DstRse} {r.Protocol} {r.Mode} {(r.Status.IsUp() ? 1 : 0)}").Distinct().Order(StringComparer.Ordinal),
            receiver.LatestMetric("lakemon_transfer_success")!.GaugePoints()
                .Select(p => $"{p.Labels["src_rse"]} {p.Labels["dst_rse"]} {p.Labels["protocol"]} {p.Labels["tpc_mode"]} {p.Value}").Order(StringComparer.Ordinal));
        var counter = receiver.LatestMetric("lakemon_probe_results_total")!;
        Assert.True(counter.Sum.IsMonotonic);
        Assert.Equal(AggregationTemporality.Cumulative, counter.Sum.AggregationTemporality);
        Assert.Equal(storage.Count, counter.Sum.DataPoints.Sum(p => p.AsInt));
        var duration = receiver.LatestMetric("lakemon_probe_duration_seconds")!;
        Assert.Equal("s", duration.Unit);
        Assert.All(duration.Histogram.DataPoints, p => Assert.Equal(CheckFamily.DurationBuckets, p.ExplicitBounds));
        Assert.Equal((ulong)storage.Count, duration.Histogram.DataPoints.Aggregate(0UL, (n, p) => n + p.Count));
    }

    [Fact]
    public async Task Run_WithACanaryHeader_HeaderReachesTheReceiverButNeverTheLogsOrThePayloads()
    {
        await using var lake = await RunningLake.StartAsync(2, "otlp-canary");
        await using var receiver = await OtlpReceiver.StartAsync();
        var (node, _) = await StartRunAsync(lake, receiver, new Dictionary<string, string> { ["x-canary"] = Canary });
        await using (node)
        {
            await WaitForTheCycleAsync(receiver);
            Assert.Equal(0, await node.StopAsync());
        }

        var requests = receiver.MetricRequests.Select(r => (r.Headers, r.Body))
            .Concat(receiver.TraceRequests.Select(r => (r.Headers, r.Body))).ToList();
        Assert.NotEmpty(receiver.MetricRequests);
        Assert.NotEmpty(receiver.TraceRequests);
        Assert.All(requests, r => Assert.Equal(Canary, r.Headers.GetValueOrDefault("x-canary")));
        // The raw bodies cover every exported attribute, name, resource and status message at once.
        var canary = Encoding.UTF8.GetBytes(Canary);
        Assert.All(requests, r => Assert.Equal(-1, r.Body.AsSpan().IndexOf(canary)));
        Assert.Contains("lakemon run: stopping", node.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain(Canary, node.StandardError, StringComparison.Ordinal);
    }

    private static async Task<(LakemonNode Node, string Config)> StartRunAsync(RunningLake lake, OtlpReceiver receiver,
        IReadOnlyDictionary<string, string>? headers)
    {
        var config = Path.Combine(lake.Directory, "otlp.yaml");
        var yaml = new StringBuilder(await File.ReadAllTextAsync(Path.Combine(lake.Directory, "lakemon.yaml")));
        // Only the cycle the node runs at start: no start jitter, and no cron fire (1 January) during the test.
        yaml.Append(CultureInfo.InvariantCulture, $"""

            schedules:
              storage: "0 0 1 1 *"
              tpc: "0 0 1 1 *"
              janitor: "0 0 1 1 *"
              jitter: 0s
            sinks:
              otlp:
                endpoint: {receiver.Endpoint}

            """);
        if (headers is not null)
        {
            yaml.AppendLine("    headers:");
            foreach (var (name, value) in headers)
            {
                yaml.AppendLine(CultureInfo.InvariantCulture, $"      {name}: {value}");
            }
        }
        await File.WriteAllTextAsync(config, yaml.ToString());
        // The standard OTel variables shorten the metric interval (15 s by default) and the span batch delay (5 s).
        var environment = new Dictionary<string, string> { ["OTEL_METRIC_EXPORT_INTERVAL"] = "500", ["OTEL_BSP_SCHEDULE_DELAY"] = "200" };
        return (await LakemonNode.StartAsync(environment, "run", "--config", config, "--listen", "127.0.0.1:0"), config);
    }

    // A campaign span ends after the last result of its campaign, and the metrics exported after that hold every
    // family; the SIGTERM that follows flushes whatever is still batched.
    private static Task WaitForTheCycleAsync(OtlpReceiver receiver) =>
        receiver.WaitUntilAsync(r => r.Spans.Count(s => s.Name == "campaign") == 2 && ExpectedMetricNames.All(r.MetricNames.Contains),
            TimeSpan.FromSeconds(25), "two campaign spans and every metric name");

    private static async Task<List<ProbeResult>> ExportResultsAsync(string config)
    {
        var export = await ProcessRunner.LakemonAsync("results", "export", "--config", config);
        Assert.True(export.ExitCode == 0, export.ToString());
        return export.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => ProbeResultJson.TryParse(line, out var result, out var error) ? result : throw new InvalidOperationException(error))
            .ToList();
    }

    // What the node says it did: "Storage campaign <run id>: 24/24 results, ..." per campaign.
    private static int LoggedResults(string log)
    {
        var campaigns = CampaignLine().Matches(log);
        Assert.Equal(2, campaigns.Count);
        return campaigns.Sum(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
    }

    private static string Key(ProbeResult result, IEnumerable<string> phases) => Join(
        result.RunId, result.Operation.ToWire(), result.Rse, result.SrcRse, result.DstRse, result.Protocol,
        result.TpcMode is { } mode ? TpcModeNames.ToWire(mode) : null, result.SizeBytes?.ToString(CultureInfo.InvariantCulture),
        result.Status.ToWire(), result.FailureKind?.ToWire(), phases);

    private static string Key(Span probe, IEnumerable<string> phases)
    {
        string? Tag(string name) => probe.Attributes.Attribute("lakemon." + name);
        return Join(Tag("run_id"), Tag("operation"), Tag("rse"), Tag("src_rse"), Tag("dst_rse"), Tag("protocol"), Tag("tpc_mode"),
            Tag("size_bytes"), Tag("status"), Tag("failure_kind"), phases);
    }

    private static string Join(params object?[] parts) =>
        string.Join(" | ", parts.Select(p => p switch
        {
            string text => text,
            IEnumerable<string> list => string.Join(",", list.Order(StringComparer.Ordinal)),
            _ => "-",
        }));

    [GeneratedRegex(@"campaign \S+: (\d+)/\d+ results")]
    private static partial Regex CampaignLine();
}
