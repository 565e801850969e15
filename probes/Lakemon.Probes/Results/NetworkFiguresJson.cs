using System.Text.Json;

namespace Lakemon.Probes.Results;

/// <summary>The <c>network</c> object of the §2 JSON form: written compactly, read as strictly as the rest of a result.</summary>
internal static class NetworkFiguresJson
{
    private const string Rtt = "rtt_seconds";
    private const string Owd = "owd_seconds";
    private const string Jitter = "jitter_seconds";
    private const string Loss = "loss_ratio";
    private const string Sent = "sent";
    private const string Received = "received";
    private const string Duplicates = "duplicates";
    private const string Reordered = "reordered";
    private const string Throughput = "throughput_bits_per_second";
    private const string Retransmits = "retransmits";
    private const string TcpRtt = "tcp_rtt_seconds";
    private const string PathHops = "path_hops";
    private const string PathFingerprint = "path_fingerprint";

    private static readonly string[] RttKeys = ["min", "median", "mean", "p95", "max"];

    public static void Write(Utf8JsonWriter writer, string name, NetworkFigures figures)
    {
        writer.WriteStartObject(name);
        if (figures.RttSeconds is { } rtt)
        {
            writer.WriteStartObject(Rtt);
            foreach (var key in RttKeys.Where(rtt.ContainsKey))
            {
                Number(writer, key, rtt[key]);
            }
            writer.WriteEndObject();
        }
        Number(writer, Owd, figures.OwdSeconds);
        Number(writer, Jitter, figures.JitterSeconds);
        Number(writer, Loss, figures.LossRatio);
        Whole(writer, Sent, figures.Sent);
        Whole(writer, Received, figures.Received);
        Whole(writer, Duplicates, figures.Duplicates);
        Whole(writer, Reordered, figures.Reordered);
        Number(writer, Throughput, figures.ThroughputBitsPerSecond);
        Whole(writer, Retransmits, figures.Retransmits);
        Number(writer, TcpRtt, figures.TcpRttSeconds);
        Whole(writer, PathHops, figures.PathHops);
        if (figures.PathFingerprint is { } fingerprint)
        {
            writer.WriteString(PathFingerprint, fingerprint);
        }
        writer.WriteEndObject();
    }

    public static string? Read(string name, JsonElement value, out NetworkFigures? figures)
    {
        figures = null;
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.Object)
        {
            return $"field '{name}' must be an object of network figures";
        }
        var read = new NetworkFigures();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var field in value.EnumerateObject())
        {
            var what = $"{name}.{field.Name}";
            if (!seen.Add(field.Name))
            {
                return $"field '{what}' appears twice";
            }
            string? problem = null;
            switch (field.Name)
            {
                case Rtt:
                    problem = ReadRtt(what, field.Value, out var rtt);
                    read = read with { RttSeconds = rtt };
                    break;
                case Owd:
                    // A one-way delay can come out negative when the synchronised clocks still differ a little.
                    problem = ReadNumber(what, field.Value, allowNegative: true, out var owd);
                    read = read with { OwdSeconds = owd };
                    break;
                case Jitter:
                    problem = ReadNumber(what, field.Value, allowNegative: false, out var jitter);
                    read = read with { JitterSeconds = jitter };
                    break;
                case Loss:
                    problem = ReadNumber(what, field.Value, allowNegative: false, out var loss);
                    problem ??= loss > 1 ? $"field '{what}' must be from 0 to 1" : null;
                    read = read with { LossRatio = loss };
                    break;
                case Throughput:
                    problem = ReadNumber(what, field.Value, allowNegative: false, out var bits);
                    read = read with { ThroughputBitsPerSecond = bits };
                    break;
                case TcpRtt:
                    problem = ReadNumber(what, field.Value, allowNegative: false, out var tcpRtt);
                    read = read with { TcpRttSeconds = tcpRtt };
                    break;
                case Sent or Received or Duplicates or Reordered or Retransmits or PathHops:
                    problem = ReadWhole(what, field.Value, out var whole);
                    read = field.Name switch
                    {
                        Sent => read with { Sent = whole },
                        Received => read with { Received = whole },
                        Duplicates => read with { Duplicates = whole },
                        Reordered => read with { Reordered = whole },
                        Retransmits => read with { Retransmits = whole },
                        _ => read with { PathHops = whole },
                    };
                    break;
                case PathFingerprint:
                    if (field.Value.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
                    {
                        problem = $"field '{what}' must be a string";
                    }
                    read = read with { PathFingerprint = field.Value.ValueKind == JsonValueKind.String ? field.Value.GetString() : null };
                    break;
                default:
                    problem = $"unknown field '{what}'";
                    break;
            }
            if (problem is not null)
            {
                return problem;
            }
        }
        figures = read;
        return null;
    }

    private static string? ReadRtt(string what, JsonElement value, out IReadOnlyDictionary<string, double>? rtt)
    {
        rtt = null;
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.Object)
        {
            return $"field '{what}' must be an object ({string.Join(", ", RttKeys)})";
        }
        var figures = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var field in value.EnumerateObject())
        {
            if (!RttKeys.Contains(field.Name))
            {
                return $"unknown field '{what}.{field.Name}' (known: {string.Join(", ", RttKeys)})";
            }
            if (!figures.TryAdd(field.Name, 0))
            {
                return $"field '{what}.{field.Name}' appears twice";
            }
            var problem = ReadNumber($"{what}.{field.Name}", field.Value, allowNegative: false, out var seconds);
            if (problem is not null || seconds is null)
            {
                return problem ?? $"field '{what}.{field.Name}' must be a number";
            }
            figures[field.Name] = seconds.Value;
        }
        rtt = figures;
        return null;
    }

    private static string? ReadNumber(string what, JsonElement value, bool allowNegative, out double? number)
    {
        number = null;
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var parsed) || !double.IsFinite(parsed))
        {
            return $"field '{what}' must be a number";
        }
        if (!allowNegative && parsed < 0)
        {
            return $"field '{what}' must not be negative";
        }
        number = parsed;
        return null;
    }

    private static string? ReadWhole(string what, JsonElement value, out long? number)
    {
        number = null;
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var parsed) || parsed < 0)
        {
            return $"field '{what}' must be a whole number, not negative";
        }
        number = parsed;
        return null;
    }

    private static void Number(Utf8JsonWriter writer, string name, double? value)
    {
        if (value is { } number && double.IsFinite(number))
        {
            writer.WriteNumber(name, number);
        }
    }

    private static void Whole(Utf8JsonWriter writer, string name, long? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, number);
        }
    }
}
