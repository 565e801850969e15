using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Lakemon.Probes.Network;
using Lakemon.Probes.Results;

namespace Lakemon.Collector.Metrics.Implementation;

/// <summary>
/// The network instruments of DESIGN.md §5, labelled {src_site, dst_site}: gauges computed at collection time from the
/// last fresh result of each link and operation (RTT and one-way delay are medians, as perfSONAR plots them), and the
/// path-change counter, which moves when a trace's fingerprint differs from the link's previous one. A stale or UNKNOWN
/// result gives no sample: a link that lakemon could not measure has no loss figure, least of all 100 %.
/// </summary>
internal sealed class NetworkLinkFamily
{
    private const string SourceLabel = "src_site";
    private const string DestinationLabel = "dst_site";

    private readonly ConcurrentDictionary<(string Source, string Destination, ProbeOperation Operation), LastResult> _last = new();
    private readonly PathChangeTracker _paths = new();
    private readonly Counter<long> _pathChanges;
    private readonly TimeSpan _freshness;
    private readonly TimeProvider _time;

    public NetworkLinkFamily(Meter meter, TimeSpan freshness, TimeProvider time)
    {
        _freshness = freshness;
        _time = time;
        Gauge(meter, "lakemon_network_rtt_seconds", "s", "Median round-trip time of the last TWAMP-light test of the link.",
            ProbeOperation.Latency, f => f.RttSeconds?.GetValueOrDefault("median"));
        Gauge(meter, "lakemon_network_owd_seconds", "s", "Median one-way delay source→destination of the last latency test (only when both clocks declare synchronisation).",
            ProbeOperation.Latency, f => f.OwdSeconds);
        Gauge(meter, "lakemon_network_jitter_seconds", "s", "Mean absolute IPDV (RFC 5481) of consecutive packets' round trips in the last latency test.",
            ProbeOperation.Latency, f => f.JitterSeconds);
        Gauge(meter, "lakemon_network_packet_loss_ratio", null, "Share of test packets lost (0..1) in the last latency test.",
            ProbeOperation.Latency, f => f.LossRatio);
        // DESIGN.md §5 says ..._bits_per_second, but promtool's lint (which must be clean, same section) refuses bits
        // as a unit; bytes also match lakemon_probe_throughput_bytes_per_second. Results and --json keep bits/s.
        Gauge(meter, "lakemon_network_throughput_bytes_per_second", "By/s", "Memory-to-memory TCP throughput of the last throughput test.",
            ProbeOperation.Throughput, f => f.ThroughputBitsPerSecond / 8);
        Gauge(meter, "lakemon_network_path_hops", null, "Hops of the last trace of the link.",
            ProbeOperation.Trace, f => f.PathHops);
        _pathChanges = meter.CreateCounter<long>("lakemon_network_path_changes_total", "{change}",
            "Times a trace of the link found a path (hop addresses in order) other than the previous trace's.");
    }

    public void Record(ProbeResult result)
    {
        var key = (result.SrcSite!, result.DstSite!, result.Operation);
        var entry = new LastResult(result, [new(SourceLabel, result.SrcSite), new(DestinationLabel, result.DstSite)]);
        _last.AddOrUpdate(key, entry, (_, old) => entry.CompletedAt >= old.CompletedAt ? entry : old);
        if (result.Operation == ProbeOperation.Trace && result.Network?.PathFingerprint is { } fingerprint)
        {
            // Adding 0 on the first trace creates the series, so that a rate() over it starts from a known zero.
            var changed = _paths.Observe(result.SrcSite!, result.DstSite!, fingerprint);
            _pathChanges.Add(changed ? 1 : 0, entry.Tags);
        }
    }

    private void Gauge(Meter meter, string name, string? unit, string help, ProbeOperation operation, Func<NetworkFigures, double?> figure) =>
        meter.CreateObservableGauge(name, () => Observe(operation, figure), unit, help);

    private IEnumerable<Measurement<double>> Observe(ProbeOperation operation, Func<NetworkFigures, double?> figure)
    {
        var now = _time.GetUtcNow();
        foreach (var (key, last) in _last)
        {
            if (key.Operation == operation && last.Result.Status != ProbeStatus.Unknown && now - last.CompletedAt <= _freshness
                && last.Result.Network is { } figures && figure(figures) is { } value && double.IsFinite(value))
            {
                yield return new(value, last.Tags);
            }
        }
    }

    private sealed record LastResult(ProbeResult Result, KeyValuePair<string, object?>[] Tags)
    {
        public DateTimeOffset CompletedAt { get; } = Result.StartedAt + Result.Duration;
    }
}
