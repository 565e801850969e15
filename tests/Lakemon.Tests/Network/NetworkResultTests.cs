using System.Text;
using Lakemon.Collector.Metrics;
using Lakemon.Collector.Sinks.Influx;
using Lakemon.Probes.Results;
using Lakemon.Tests.Metrics;

namespace Lakemon.Tests.Network;

public sealed class NetworkResultTests : IDisposable
{
    private const string Link = "src_site=\"SITE-1\",dst_site=\"SITE-2\"";

    private readonly MetricsScrape _scrape = new();

    public void Dispose() => _scrape.Dispose();

    [Fact]
    public void Json_LatencyResult_RoundTripsTheNetworkObject()
    {
        var result = NetworkSampleResults.Latency();

        var json = ProbeResultJson.Serialize(result);

        Assert.Contains("\"src_site\":\"SITE-1\",\"dst_site\":\"SITE-2\",\"protocol\":\"twamp\"", json, StringComparison.Ordinal);
        Assert.Contains("\"network\":{\"rtt_seconds\":{\"min\":0.003,\"median\":0.004,\"mean\":0.0041,\"p95\":0.005,\"max\":0.007},\"owd_seconds\":0.0021,\"jitter_seconds\":0.0002,\"loss_ratio\":0.002,\"sent\":1000,\"received\":998,\"duplicates\":1,\"reordered\":2}", json, StringComparison.Ordinal);
        Assert.True(ProbeResultJson.TryParse(json, out var back, out var error), error);
        Assert.Equal(json, ProbeResultJson.Serialize(back));
        Assert.Equal("SITE-1→SITE-2 latency", back.Target);
    }

    [Fact]
    public void Json_ThroughputAndTrace_RoundTrip()
    {
        foreach (var result in new[] { NetworkSampleResults.Throughput(), NetworkSampleResults.Trace("0123456789abcdef") })
        {
            var json = ProbeResultJson.Serialize(result);
            Assert.True(ProbeResultJson.TryParse(json, out var back, out var error), error);
            Assert.Equal(json, ProbeResultJson.Serialize(back));
        }
    }

    [Theory]
    [InlineData("\"network\":{\"loss_ratio\":1.5}", "field 'network.loss_ratio' must be from 0 to 1")]
    [InlineData("\"network\":{\"hops\":3}", "unknown field 'network.hops'")]
    [InlineData("\"network\":{\"rtt_seconds\":{\"p99\":0.1}}", "unknown field 'network.rtt_seconds.p99' (known: min, median, mean, p95, max)")]
    [InlineData("\"network\":{\"sent\":-1}", "field 'network.sent' must be a whole number, not negative")]
    [InlineData("\"network\":[]", "field 'network' must be an object of network figures")]
    public void Json_MalformedNetworkObject_Refused(string network, string expected)
    {
        var json = ProbeResultJson.Serialize(NetworkSampleResults.Throughput() with { Network = null });
        json = json[..^1] + "," + network + "}";

        Assert.False(ProbeResultJson.TryParse(json, out _, out var error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void Json_NetworkOperationWithoutSites_Refused()
    {
        var json = ProbeResultJson.Serialize(NetworkSampleResults.Throughput()).Replace("\"src_site\":\"SITE-1\",", "", StringComparison.Ordinal);

        Assert.False(ProbeResultJson.TryParse(json, out _, out var error));
        Assert.Equal("a throughput result measures a link: it needs 'src_site' and 'dst_site' and no RSE", error);
    }

    [Fact]
    public void Json_NetworkObjectOnAStorageResult_Refused()
    {
        var storage = Results.SampleResults.Storage() with { Network = new NetworkFigures { PathHops = 1 } };

        Assert.False(ProbeResultJson.TryParse(ProbeResultJson.Serialize(storage), out _, out var error));
        Assert.Equal("field 'network' belongs to network results (latency, throughput, trace) only", error);
    }

    [Fact]
    public void InfluxPoint_Latency_IsALakemonNetworkPointWithTheFigures()
    {
        var line = new StringBuilder();

        InfluxPointFormatter.AppendPoint(line, NetworkSampleResults.Latency());

        Assert.Equal(
            "lakemon_network,dst_site=SITE-2,kind=scheduled,operation=latency,protocol=twamp,src_site=SITE-1,status=OK "
            + "success=1i,status_code=0i,duration_seconds=2,rtt_seconds=0.004,owd_seconds=0.0021,jitter_seconds=0.0002,packet_loss_ratio=0.002 "
            + "1795926231123",
            line.ToString());
    }

    [Fact]
    public async Task Metrics_LatencyAndThroughput_ExposeTheFiguresPerLink()
    {
        _scrape.Metrics.Record(NetworkSampleResults.Latency());
        _scrape.Metrics.Record(NetworkSampleResults.Throughput());

        Assert.Equal([$"lakemon_network_rtt_seconds{{{Link}}} 0.004"], await _scrape.SamplesAsync("lakemon_network_rtt_seconds"));
        Assert.Equal([$"lakemon_network_owd_seconds{{{Link}}} 0.0021"], await _scrape.SamplesAsync("lakemon_network_owd_seconds"));
        Assert.Equal([$"lakemon_network_jitter_seconds{{{Link}}} 0.0002"], await _scrape.SamplesAsync("lakemon_network_jitter_seconds"));
        Assert.Equal([$"lakemon_network_packet_loss_ratio{{{Link}}} 0.002"], await _scrape.SamplesAsync("lakemon_network_packet_loss_ratio"));
        Assert.Equal([$"lakemon_network_throughput_bytes_per_second{{{Link}}} 6250000"], await _scrape.SamplesAsync("lakemon_network_throughput_bytes_per_second"));
        Assert.Empty(await _scrape.SamplesAsync("lakemon_probe_status"));
    }

    [Fact]
    public async Task Metrics_UnknownLatency_NoLossSample()
    {
        _scrape.Metrics.Record(NetworkSampleResults.Latency(ProbeStatus.Unknown, loss: 1));

        Assert.Empty(await _scrape.SamplesAsync("lakemon_network_packet_loss_ratio"));
    }

    [Fact]
    public async Task Metrics_StaleLatency_NoSample()
    {
        var result = NetworkSampleResults.Latency();
        _scrape.Metrics.Record(result);

        _scrape.Time.SetUtcNow(result.StartedAt + result.Duration + new LakemonMetricsOptions().NetworkFreshness + TimeSpan.FromSeconds(1));

        Assert.Empty(await _scrape.SamplesAsync("lakemon_network_rtt_seconds"));
    }

    [Fact]
    public async Task Metrics_TraceWithNewFingerprint_CountsAPathChange()
    {
        _scrape.Metrics.Record(NetworkSampleResults.Trace("aaaa", hops: 1));
        Assert.Equal([$"lakemon_network_path_changes_total{{{Link}}} 0"], await _scrape.SamplesAsync("lakemon_network_path_changes_total"));

        _scrape.Metrics.Record(NetworkSampleResults.Trace("bbbb", hops: 2) with { StartedAt = Results.SampleResults.Start.AddSeconds(10) });
        _scrape.Metrics.Record(NetworkSampleResults.Trace("bbbb", hops: 2) with { StartedAt = Results.SampleResults.Start.AddSeconds(20) });

        Assert.Equal([$"lakemon_network_path_changes_total{{{Link}}} 1"], await _scrape.SamplesAsync("lakemon_network_path_changes_total"));
        Assert.Equal([$"lakemon_network_path_hops{{{Link}}} 2"], await _scrape.SamplesAsync("lakemon_network_path_hops"));
    }
}
