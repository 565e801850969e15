using System.Text.Json.Nodes;

namespace Lakemon.Probes.Network;

/// <summary>
/// The `lakemon net probe --json` objects of DESIGN.md §8: every figure is named with its unit in the key.
/// </summary>
public static class NetworkJson
{
    public static JsonObject Latency(LatencyMeasurement measurement)
    {
        ArgumentNullException.ThrowIfNull(measurement);
        var json = new JsonObject
        {
            ["kind"] = "latency",
            ["rtt_seconds"] = Delays(measurement.Rtt),
            ["jitter_seconds"] = measurement.JitterSeconds,
            ["loss_ratio"] = measurement.LossRatio,
            ["sent"] = measurement.Sent,
            ["received"] = measurement.Received,
            ["duplicates"] = measurement.Duplicates,
            ["reordered"] = measurement.Reordered,
        };
        if (measurement.ForwardDelay is not null)
        {
            json["owd_seconds"] = new JsonObject
            {
                ["forward"] = Delays(measurement.ForwardDelay),
                ["backward"] = Delays(measurement.BackwardDelay),
            };
        }
        return json;
    }

    public static JsonObject Throughput(ThroughputMeasurement measurement)
    {
        ArgumentNullException.ThrowIfNull(measurement);
        return new JsonObject
        {
            ["kind"] = "throughput",
            ["throughput_bits_per_second"] = measurement.BitsPerSecond,
            ["bytes"] = measurement.Bytes,
            ["duration_seconds"] = measurement.DurationSeconds,
            ["streams"] = measurement.Streams,
            ["retransmits"] = measurement.Retransmits,
            ["tcp_rtt_seconds"] = measurement.RttSeconds,
        };
    }

    public static JsonObject Trace(TraceResult trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        var hops = new JsonArray();
        foreach (var hop in trace.Hops)
        {
            hops.Add(new JsonObject
            {
                ["ttl"] = hop.Ttl,
                ["address"] = hop.Address?.ToString(),
                ["rtt_seconds"] = new JsonArray([.. hop.RttSeconds.Select(r => (JsonNode?)r)]),
            });
        }
        return new JsonObject
        {
            ["kind"] = "trace",
            ["hops"] = hops,
            ["path_hops"] = trace.Hops.Count,
            ["reached"] = trace.Reached,
            ["path_fingerprint"] = trace.Fingerprint,
        };
    }

    private static JsonObject? Delays(DelayStatistics? delays) => delays is null ? null : new JsonObject
    {
        ["min"] = delays.Min,
        ["median"] = delays.Median,
        ["mean"] = delays.Mean,
        ["p95"] = delays.P95,
        ["max"] = delays.Max,
    };
}
