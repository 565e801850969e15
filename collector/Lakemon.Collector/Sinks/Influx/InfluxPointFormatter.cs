using System.Text;
using Lakemon.Collector.Metrics;
using Lakemon.Probes.Configuration;
using Lakemon.Probes.Results;

namespace Lakemon.Collector.Sinks.Influx;

/// <summary>
/// One result as one line-protocol point, carrying the names and labels of DESIGN.md §5: measurement
/// <c>lakemon_probe</c> (storage checks) or <c>lakemon_transfer</c> (TPC), low-cardinality tags only — never a run id,
/// file name, URL or message — and the figures as fields, timestamped with <c>started_at</c> in milliseconds. A server
/// that flattens fields into series (VictoriaMetrics) thus shows <c>lakemon_probe_duration_seconds{rse,...}</c>.
/// </summary>
internal static class InfluxPointFormatter
{
    /// <summary>The precision of the timestamps written by <see cref="AppendPoint"/>, for the write request.</summary>
    public const string Precision = "ms";

    /// <summary>Points, one per line, UTF-8.</summary>
    public static byte[] Format(IReadOnlyList<ProbeResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var lines = new StringBuilder(results.Count * 256);
        foreach (var result in results)
        {
            AppendPoint(lines, result);
            lines.Append('\n');
        }
        return Encoding.UTF8.GetBytes(lines.ToString());
    }

    /// <summary>The measurement of network link results (latency, throughput, trace), after DESIGN.md §5's
    /// <c>lakemon_network_*</c> names.</summary>
    public const string NetworkMeasurement = "lakemon_network";

    public static void AppendPoint(StringBuilder line, ProbeResult result)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(result);
        var storage = result.Rse is not null;
        var network = result.Operation.IsNetwork();
        InfluxLineProtocol.AppendMeasurement(line, network ? NetworkMeasurement : storage ? LakemonMetrics.StoragePrefix : LakemonMetrics.TransferPrefix);
        foreach (var (key, value) in Tags(result, storage, network))
        {
            line.Append(',');
            InfluxLineProtocol.AppendName(line, key);
            line.Append('=');
            InfluxLineProtocol.AppendName(line, value);
        }

        var separator = ' ';
        void Field(string key)
        {
            line.Append(separator);
            separator = ',';
            InfluxLineProtocol.AppendName(line, key);
            line.Append('=');
        }
        // UNKNOWN has no success value: lakemon could not tell, and a 0 would count against the service in any mean
        // taken over the field (DESIGN.md §5 leaves lakemon_probe_success without a sample for the same reason).
        if (result.Status != ProbeStatus.Unknown)
        {
            Field("success");
            InfluxLineProtocol.AppendInteger(line, result.Status.IsUp() ? 1 : 0);
        }
        Field("status_code");
        InfluxLineProtocol.AppendInteger(line, (int)result.Status);
        Field("duration_seconds");
        InfluxLineProtocol.AppendFloat(line, result.Duration.TotalSeconds);
        if (result.ThroughputBytesPerSecond is { } throughput && double.IsFinite(throughput))
        {
            Field("throughput_bytes_per_second");
            InfluxLineProtocol.AppendFloat(line, throughput);
        }
        if (result.Bytes is { } bytes)
        {
            Field("bytes");
            InfluxLineProtocol.AppendInteger(line, bytes);
        }
        if (result.SizeBytes is { } size)
        {
            Field("size_bytes");
            InfluxLineProtocol.AppendInteger(line, size);
        }
        // The figures of a network result, under the names of its Prometheus gauges without the prefix.
        if (result.Network is { } figures)
        {
            foreach (var (name, value) in new (string, double?)[]
            {
                ("rtt_seconds", figures.RttSeconds?.GetValueOrDefault("median")), ("owd_seconds", figures.OwdSeconds),
                ("jitter_seconds", figures.JitterSeconds), ("packet_loss_ratio", figures.LossRatio),
                ("throughput_bits_per_second", figures.ThroughputBitsPerSecond), ("path_hops", figures.PathHops),
            })
            {
                if (value is { } number && double.IsFinite(number))
                {
                    Field(name);
                    InfluxLineProtocol.AppendFloat(line, number);
                }
            }
        }
        line.Append(' ').Append(result.StartedAt.ToUnixTimeMilliseconds());
    }

    /// <summary>Tags sorted by key, as InfluxDB recommends (it sorts them itself otherwise); absent or empty values are
    /// left out, since line protocol has no empty tag value.</summary>
    private static IEnumerable<(string Key, string Value)> Tags(ProbeResult result, bool storage, bool network)
    {
        (string Key, string? Value)[] tags = network
            ?
            [
                ("src_site", result.SrcSite), ("dst_site", result.DstSite), ("operation", result.Operation.ToWire()),
                ("protocol", result.Protocol), ("status", result.Status.ToWire()), ("failure_kind", result.FailureKind?.ToWire()),
                ("kind", result.Kind.ToWire()),
            ]
            : storage
            ?
            [
                ("rse", result.Rse), ("site", result.Site), ("protocol", result.Protocol),
                ("operation", result.Operation.ToWire()),
                ("status", result.Status.ToWire()), ("failure_kind", result.FailureKind?.ToWire()), ("kind", result.Kind.ToWire()),
            ]
            :
            [
                ("src_rse", result.SrcRse), ("dst_rse", result.DstRse), ("src_site", result.SrcSite), ("dst_site", result.DstSite),
                ("protocol", result.Protocol), ("tpc_mode", result.TpcMode is { } mode ? TpcModeNames.ToWire(mode) : null),
                ("status", result.Status.ToWire()), ("failure_kind", result.FailureKind?.ToWire()), ("kind", result.Kind.ToWire()),
            ];
        return tags.Where(t => !string.IsNullOrEmpty(t.Value)).OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => (t.Key, t.Value!));
    }
}
