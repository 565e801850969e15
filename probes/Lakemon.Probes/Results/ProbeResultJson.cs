using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Lakemon.Probes.Configuration;

namespace Lakemon.Probes.Results;

/// <summary>
/// The JSON form of a <see cref="ProbeResult"/>, the public contract of DESIGN.md §2 shared by the ingest API,
/// <c>--json</c> outputs and <c>results import/export</c>: one object with snake_case fields, null fields left out,
/// <c>started_at</c> in UTC with millisecond precision. <see cref="TryParse"/> is strict because it guards the ingest:
/// anything it does not understand is refused with a message naming the field, never guessed around.
/// </summary>
public static class ProbeResultJson
{
    private const string IdField = "id";
    private const string RunIdField = "run_id";
    private const string KindField = "kind";
    private const string OperationField = "operation";
    private const string RseField = "rse";
    private const string SiteField = "site";
    private const string SrcRseField = "src_rse";
    private const string DstRseField = "dst_rse";
    private const string SrcSiteField = "src_site";
    private const string DstSiteField = "dst_site";
    private const string ProtocolField = "protocol";
    private const string TpcModeField = "tpc_mode";
    private const string SizeBytesField = "size_bytes";
    private const string StartedAtField = "started_at";
    private const string DurationSecondsField = "duration_seconds";
    private const string PhasesField = "phases";
    private const string BytesField = "bytes";
    private const string ThroughputField = "throughput_bytes_per_second";
    private const string StatusField = "status";
    private const string FailureKindField = "failure_kind";
    private const string MessageField = "message";
    private const string ChecksumExpectedField = "checksum_expected";
    private const string ChecksumActualField = "checksum_actual";
    private const string NetworkField = "network";

    private const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    private static readonly string[] AcceptedTimestampFormats =
        ["yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'"];

    // The output goes to JSON lines and HTTP bodies, never into an HTML page, so the HTML-safe default escaping
    // (which turns '+', '<', '→' and every non-ASCII letter into \uXXXX) would only make messages unreadable.
    // Quotes, backslashes and control characters are still escaped.
    private static readonly JsonWriterOptions CompactOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    // The result store serializes every result it keeps (10^5 per second and more on a bulk import): one buffer and
    // writer per thread, reset between results, spare the allocations and buffer growth of fresh ones each time.
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? threadBuffer;

    [ThreadStatic]
    private static Utf8JsonWriter? threadWriter;

    /// <summary>The options of the compact form: for writers that put results into a larger document or buffer.</summary>
    public static JsonWriterOptions WriterOptions => CompactOptions;

    /// <summary>One result as one line of compact JSON, in UTF-8.</summary>
    public static byte[] SerializeUtf8(ProbeResult result)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using var writer = new Utf8JsonWriter(buffer, CompactOptions);
        Write(writer, result);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>One result as one line of compact JSON.</summary>
    public static string Serialize(ProbeResult result)
    {
        var buffer = threadBuffer ??= new ArrayBufferWriter<byte>(1024);
        var writer = threadWriter ??= new Utf8JsonWriter(buffer, CompactOptions);
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
        try
        {
            Write(writer, result);
            writer.Flush();
            return Encoding.UTF8.GetString(buffer.WrittenSpan);
        }
        finally
        {
            // A message of megabytes must not stay pinned to the thread for the rest of the process.
            if (buffer.Capacity > 64 * 1024)
            {
                threadBuffer = null;
                threadWriter = null;
            }
        }
    }

    /// <summary>Writes one result as a JSON object, e.g. as an element of a larger document.</summary>
    public static void Write(Utf8JsonWriter writer, ProbeResult result)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(result);
        writer.WriteStartObject();
        writer.WriteString(IdField, result.Id);
        writer.WriteString(RunIdField, result.RunId);
        writer.WriteString(KindField, result.Kind.ToWire());
        writer.WriteString(OperationField, result.Operation.ToWire());
        WriteText(writer, RseField, result.Rse);
        WriteText(writer, SiteField, result.Site);
        WriteText(writer, SrcRseField, result.SrcRse);
        WriteText(writer, DstRseField, result.DstRse);
        WriteText(writer, SrcSiteField, result.SrcSite);
        WriteText(writer, DstSiteField, result.DstSite);
        writer.WriteString(ProtocolField, result.Protocol);
        WriteText(writer, TpcModeField, result.TpcMode is { } mode ? TpcModeNames.ToWire(mode) : null);
        WriteWhole(writer, SizeBytesField, result.SizeBytes);
        Span<byte> stamp = stackalloc byte[24];
        writer.WriteString(StartedAtField, FormatTimestamp(result.StartedAt.UtcDateTime, stamp));
        writer.WriteNumber(DurationSecondsField, result.Duration.TotalSeconds);
        writer.WriteStartObject(PhasesField);
        foreach (var (phase, elapsed) in result.Phases)
        {
            writer.WriteNumber(phase, elapsed.TotalSeconds);
        }
        writer.WriteEndObject();
        WriteWhole(writer, BytesField, result.Bytes);
        // JSON has no NaN or infinity; a rate over a zero-length interval has no meaningful value, so it is left out
        // like any other unknown figure rather than failing the whole result.
        if (result.ThroughputBytesPerSecond is { } throughput && double.IsFinite(throughput))
        {
            writer.WriteNumber(ThroughputField, throughput);
        }
        writer.WriteString(StatusField, result.Status.ToWire());
        WriteText(writer, FailureKindField, result.FailureKind?.ToWire());
        WriteText(writer, MessageField, result.Message);
        WriteText(writer, ChecksumExpectedField, result.ChecksumExpected);
        WriteText(writer, ChecksumActualField, result.ChecksumActual);
        if (result.Network is { } network)
        {
            NetworkFiguresJson.Write(writer, NetworkField, network);
        }
        writer.WriteEndObject();
    }

    /// <summary><see cref="TimestampFormat"/> written digit by digit: the general formatter made a string of every
    /// timestamp the store serialized.</summary>
    private static ReadOnlySpan<byte> FormatTimestamp(DateTime utc, Span<byte> output)
    {
        Put(output, 0, 4, utc.Year);
        output[4] = (byte)'-';
        Put(output, 5, 2, utc.Month);
        output[7] = (byte)'-';
        Put(output, 8, 2, utc.Day);
        output[10] = (byte)'T';
        Put(output, 11, 2, utc.Hour);
        output[13] = (byte)':';
        Put(output, 14, 2, utc.Minute);
        output[16] = (byte)':';
        Put(output, 17, 2, utc.Second);
        output[19] = (byte)'.';
        Put(output, 20, 3, utc.Millisecond);
        output[23] = (byte)'Z';
        return output[..24];

        static void Put(Span<byte> output, int start, int count, int value)
        {
            for (var i = start + count - 1; i >= start; i--)
            {
                output[i] = (byte)('0' + value % 10);
                value /= 10;
            }
        }
    }

    /// <summary>
    /// Reads one result. Refused: anything but one JSON object, unknown or repeated fields, missing required fields
    /// (id, run_id, kind, operation, protocol, started_at, duration_seconds, status), wrong JSON types, unknown wire
    /// values, a <c>started_at</c> that is not UTC ("...Z"), negative sizes, counts or durations, a
    /// <c>failure_kind</c> on an OK result, and a target that is neither <c>rse</c> nor <c>src_rse</c> +
    /// <c>dst_rse</c> (for the network operations: <c>src_site</c> + <c>dst_site</c> and no RSE). An optional field given as <c>null</c> counts as absent.
    /// </summary>
    public static bool TryParse(string json, [NotNullWhen(true)] out ProbeResult? result, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(json);
        result = null;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            error = $"not valid JSON: {e.Message}";
            return false;
        }
        using (document)
        {
            error = SafeRead(document.RootElement, out result);
            return error is null;
        }
    }

    /// <summary>The same strict reading as <see cref="TryParse"/> for an element of a larger document (an ingest batch).</summary>
    public static bool TryRead(JsonElement element, [NotNullWhen(true)] out ProbeResult? result, [NotNullWhen(false)] out string? error)
    {
        error = SafeRead(element, out result);
        return error is null;
    }

    // System.Text.Json checks UTF-8 inside strings only when a string is read; bad bytes must be a refusal, not a crash.
    private static string? SafeRead(JsonElement root, out ProbeResult? result)
    {
        try
        {
            return Read(root, out result);
        }
        catch (InvalidOperationException e) when (e.InnerException is DecoderFallbackException)
        {
            result = null;
            return "a name or text value is not valid UTF-8";
        }
    }

    private static string? Read(JsonElement root, out ProbeResult? result)
    {
        result = null;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return $"expected a JSON object, got {Describe(root)}";
        }

        string? id = null, runId = null, rse = null, site = null, srcRse = null, dstRse = null, srcSite = null,
            dstSite = null, protocol = null, message = null, checksumExpected = null, checksumActual = null;
        RunKind? kind = null;
        ProbeOperation? operation = null;
        TpcMode? tpcMode = null;
        ProbeStatus? status = null;
        FailureKind? failureKind = null;
        long? sizeBytes = null, bytes = null;
        DateTimeOffset? startedAt = null;
        TimeSpan? duration = null;
        double? throughput = null;
        List<KeyValuePair<string, TimeSpan>>? phases = null;
        NetworkFigures? network = null;

        // The ingest path reads 10^5 results per second: fields are told apart by their UTF-8 bytes, repeated once
        // with a bit each, and no name is turned into a string unless it goes into an error message.
        var seen = 0;
        foreach (var property in root.EnumerateObject())
        {
            var field = FieldOf(property);
            if (field is null)
            {
                return $"unknown field '{property.Name}'";
            }
            var bit = 1 << (int)field.Value;
            if ((seen & bit) != 0)
            {
                return $"field '{property.Name}' appears twice";
            }
            seen |= bit;
            var name = FieldNames[(int)field.Value];
            var value = property.Value;
            var problem = field.Value switch
            {
                Field.Id => ReadText(name, value, out id, empty: false),
                Field.RunId => ReadName(name, value, out runId),
                Field.Kind => ReadWire(name, value, Kinds, out kind),
                Field.Operation => ReadWire(name, value, Operations, out operation),
                Field.Rse => ReadName(name, value, out rse),
                Field.Site => ReadName(name, value, out site),
                Field.SrcRse => ReadName(name, value, out srcRse),
                Field.DstRse => ReadName(name, value, out dstRse),
                Field.SrcSite => ReadName(name, value, out srcSite),
                Field.DstSite => ReadName(name, value, out dstSite),
                Field.Protocol => ReadName(name, value, out protocol),
                Field.TpcMode => ReadWire(name, value, TpcModes, out tpcMode),
                Field.SizeBytes => ReadWhole(name, value, out sizeBytes),
                Field.StartedAt => ReadTimestamp(value, out startedAt),
                Field.DurationSeconds => ReadSeconds(new Subject("field", name), value, out duration),
                Field.Phases => ReadPhases(value, out phases),
                Field.Bytes => ReadWhole(name, value, out bytes),
                Field.Throughput => ReadRate(name, value, out throughput),
                Field.Status => ReadWire(name, value, Statuses, out status),
                Field.FailureKind => ReadWire(name, value, FailureKindWires, out failureKind),
                Field.Message => ReadText(name, value, out message),
                Field.ChecksumExpected => ReadText(name, value, out checksumExpected),
                Field.ChecksumActual => ReadText(name, value, out checksumActual),
                _ => NetworkFiguresJson.Read(name, value, out network),
            };
            if (problem is not null)
            {
                return problem;
            }
        }

        // Reported in the order of the contract so that a client fixing one problem at a time sees a stable sequence.
        var missing = id is null ? IdField : runId is null ? RunIdField : kind is null ? KindField
            : operation is null ? OperationField : protocol is null ? ProtocolField : startedAt is null ? StartedAtField
            : duration is null ? DurationSecondsField : status is null ? StatusField : null;
        if (missing is not null)
        {
            return $"missing required field '{missing}'";
        }
        if (status == ProbeStatus.Ok && failureKind is not null)
        {
            return $"field '{FailureKindField}' must be absent when {StatusField} is OK";
        }
        if (rse is not null && (srcRse is not null || dstRse is not null))
        {
            return $"'{RseField}' names a storage result and '{SrcRseField}'/'{DstRseField}' a transfer: give one or the other";
        }
        if (operation!.Value.IsNetwork())
        {
            if (rse is not null || srcRse is not null || dstRse is not null || srcSite is null || dstSite is null)
            {
                return $"a {operation.Value.ToWire()} result measures a link: it needs '{SrcSiteField}' and '{DstSiteField}' and no RSE";
            }
        }
        else if (network is not null)
        {
            return $"field '{NetworkField}' belongs to network results (latency, throughput, trace) only";
        }
        else if (rse is null && (srcRse is null || dstRse is null))
        {
            return $"a result needs '{RseField}', or both '{SrcRseField}' and '{DstRseField}'";
        }

        result = new ProbeResult
        {
            Id = id!,
            RunId = runId!,
            Kind = kind!.Value,
            Operation = operation!.Value,
            Rse = rse,
            Site = site,
            SrcRse = srcRse,
            DstRse = dstRse,
            SrcSite = srcSite,
            DstSite = dstSite,
            Protocol = protocol!,
            TpcMode = tpcMode,
            SizeBytes = sizeBytes,
            StartedAt = startedAt!.Value,
            Duration = duration!.Value,
            Phases = phases ?? [],
            Bytes = bytes,
            ThroughputBytesPerSecond = throughput,
            Status = status!.Value,
            FailureKind = failureKind,
            Message = message,
            ChecksumExpected = checksumExpected,
            ChecksumActual = checksumActual,
            Network = network,
        };
        return null;
    }

    private static void WriteText(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static void WriteWhole(Utf8JsonWriter writer, string name, long? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, number);
        }
    }

    private static string? ReadText(string name, JsonElement value, out string? text, bool empty = true)
    {
        text = null;
        switch (value.ValueKind)
        {
            case JsonValueKind.Null:
                return null;
            case JsonValueKind.String:
                text = value.GetString();
                return empty || text!.Length > 0 ? null : $"field '{name}' must not be empty";
            default:
                return $"field '{name}' must be a string, got {Describe(value)}";
        }
    }

    /// <summary>A name that recurs from result to result (RSE, site, protocol, run id): a string with something in it,
    /// shared with the earlier results that had the same one.</summary>
    private static string? ReadName(string name, JsonElement value, out string? text)
    {
        text = null;
        switch (value.ValueKind)
        {
            case JsonValueKind.Null:
                return null;
            case JsonValueKind.String:
                text = JsonNameCache.GetString(value);
                return text.Length > 0 ? null : $"field '{name}' must not be empty";
            default:
                return $"field '{name}' must be a string, got {Describe(value)}";
        }
    }

    private delegate bool WireParser<T>(string wire, out T parsed);

    private static WireTable<T> Table<T>(IEnumerable<string> names, WireParser<T> parse)
        where T : struct =>
        new(names.Select(name => KeyValuePair.Create(name, parse(name, out var item) ? item : throw new InvalidOperationException(name))));

    private static readonly WireTable<RunKind> Kinds = Table<RunKind>(RunKinds.All, RunKinds.TryParse);
    private static readonly WireTable<ProbeOperation> Operations = Table<ProbeOperation>(ProbeOperations.All, ProbeOperations.TryParse);
    private static readonly WireTable<TpcMode> TpcModes = Table<TpcMode>(TpcModeNames.ByName.Keys, TpcModeNames.ByName.TryGetValue);
    private static readonly WireTable<ProbeStatus> Statuses = Table<ProbeStatus>(ProbeStatuses.All, ProbeStatuses.TryParse);
    private static readonly WireTable<FailureKind> FailureKindWires = Table<FailureKind>(FailureKinds.All, FailureKinds.TryParse);

    private static string? ReadWire<T>(string name, JsonElement value, WireTable<T> wires, out T? parsed)
        where T : struct
    {
        parsed = null;
        switch (value.ValueKind)
        {
            case JsonValueKind.Null:
                return null;
            case JsonValueKind.String when wires.TryMatch(value, out var item):
                parsed = item;
                return null;
            case JsonValueKind.String:
                return $"field '{name}' has unknown value '{value.GetString()}' (known: {string.Join(", ", wires.Names)})";
            default:
                return $"field '{name}' must be a string, got {Describe(value)}";
        }
    }

    private delegate bool NumberReader<T>(JsonElement value, out T number);

    /// <summary>A number that may not be negative (a size, a count, a rate, seconds); null counts as absent.</summary>
    /// <param name="what">Names the number in errors: a field or a phase.</param>
    /// <param name="expected">What the number must be, for the error: "a whole number", "a number of seconds".</param>
    private static string? ReadNonNegative<T>(Subject what, JsonElement value, string expected, NumberReader<T> read, out T? number)
        where T : struct, INumber<T>
    {
        number = null;
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.Number || !read(value, out var parsed))
        {
            return $"{what} must be {expected}, got {Describe(value)}";
        }
        if (parsed < T.Zero)
        {
            return $"{what} must not be negative, got {value.GetRawText()}";
        }
        number = parsed;
        return null;
    }

    private static string? ReadWhole(string name, JsonElement value, out long? number) =>
        ReadNonNegative<long>(new Subject("field", name), value, "a whole number", (JsonElement v, out long n) => v.TryGetInt64(out n), out number);

    private static string? ReadRate(string name, JsonElement value, out double? rate) =>
        ReadNonNegative<double>(new Subject("field", name), value, "a number", TryGetFinite, out rate);

    private static string? ReadSeconds(Subject what, JsonElement value, out TimeSpan? elapsed)
    {
        elapsed = null;
        var problem = ReadNonNegative<double>(what, value, "a number of seconds", TryGetFinite, out var seconds);
        if (problem is not null || seconds is not { } valid)
        {
            return problem;
        }
        if (valid >= TimeSpan.MaxValue.TotalSeconds)
        {
            return $"{what} is out of range, got {value.GetRawText()}";
        }
        // Through ticks rather than TimeSpan.FromSeconds(double), so that the seconds written from a TimeSpan read
        // back to exactly the same ticks.
        elapsed = TimeSpan.FromTicks((long)Math.Round(valid * TimeSpan.TicksPerSecond));
        return null;
    }

    // JSON numbers too large for a double read as infinity, which no figure of a result can be.
    private static bool TryGetFinite(JsonElement value, out double number) => value.TryGetDouble(out number) && double.IsFinite(number);

    private static string? ReadTimestamp(JsonElement value, out DateTimeOffset? timestamp)
    {
        timestamp = null;
        if (value.ValueKind == JsonValueKind.String && TryParseCanonical(JsonMarshal.GetRawUtf8Value(value), out var canonical))
        {
            timestamp = canonical;
            return null;
        }
        var problem = ReadText(StartedAtField, value, out var text);
        if (problem is not null || text is null)
        {
            return problem;
        }
        if (!DateTimeOffset.TryParseExact(text, AcceptedTimestampFormats, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            return $"field '{StartedAtField}' must be an ISO 8601 UTC time such as 2026-11-29T04:23:51.123Z, got '{text}'";
        }
        timestamp = parsed;
        return null;
    }

    /// <summary>The form lakemon itself writes (<see cref="TimestampFormat"/>), read without the general parser, which
    /// was the largest single cost of reading a result; anything else goes to <see cref="DateTimeOffset.TryParseExact(string, string[], IFormatProvider, DateTimeStyles, out DateTimeOffset)"/>.</summary>
    /// <param name="raw">The JSON string value as written, quotes included (an escaped form is not canonical).</param>
    private static bool TryParseCanonical(ReadOnlySpan<byte> raw, out DateTimeOffset timestamp)
    {
        timestamp = default;
        if (raw.Length != 26 || raw[0] != '"' || raw[25] != '"')
        {
            return false;
        }
        var text = raw[1..^1];
        if ( text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' || text[16] != ':'
            || text[19] != '.' || text[23] != 'Z')
        {
            return false;
        }
        if (!Digits(text, 0, 4, out var year) || !Digits(text, 5, 2, out var month) || !Digits(text, 8, 2, out var day)
            || !Digits(text, 11, 2, out var hour) || !Digits(text, 14, 2, out var minute) || !Digits(text, 17, 2, out var second)
            || !Digits(text, 20, 3, out var millisecond))
        {
            return false;
        }
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }
        timestamp = new DateTimeOffset(year, month, day, hour, minute, second, millisecond, TimeSpan.Zero);
        return true;

        static bool Digits(ReadOnlySpan<byte> text, int start, int count, out int value)
        {
            value = 0;
            for (var i = start; i < start + count; i++)
            {
                var digit = text[i] - '0';
                if (digit is < 0 or > 9)
                {
                    return false;
                }
                value = value * 10 + digit;
            }
            return true;
        }
    }

    private static string? ReadPhases(JsonElement value, out List<KeyValuePair<string, TimeSpan>>? phases)
    {
        phases = null;
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.Object)
        {
            return $"field '{PhasesField}' must be an object of phase name → seconds, got {Describe(value)}";
        }
        var list = new List<KeyValuePair<string, TimeSpan>>(4);
        foreach (var phase in value.EnumerateObject())
        {
            var phaseName = JsonNameCache.GetName(phase);
            var what = new Subject("phase", phaseName);
            if (phaseName.Length == 0)
            {
                return $"field '{PhasesField}' has a phase without a name";
            }
            foreach (var earlier in list)
            {
                if (earlier.Key == phaseName)
                {
                    return $"{what} appears twice";
                }
            }
            var problem = ReadSeconds(what, phase.Value, out var elapsed);
            if (problem is not null)
            {
                return problem;
            }
            if (elapsed is null)
            {
                return $"{what} must be a number of seconds, got null";
            }
            list.Add(new(phaseName, elapsed.Value));
        }
        phases = list;
        return null;
    }

    // In the order of FieldNames.
    private enum Field
    {
        Id, RunId, Kind, Operation, Rse, Site, SrcRse, DstRse, SrcSite, DstSite, Protocol, TpcMode, SizeBytes, StartedAt,
        DurationSeconds, Phases, Bytes, Throughput, Status, FailureKind, Message, ChecksumExpected, ChecksumActual, Network,
    }

    private static readonly string[] FieldNames =
    [
        IdField, RunIdField, KindField, OperationField, RseField, SiteField, SrcRseField, DstRseField, SrcSiteField,
        DstSiteField, ProtocolField, TpcModeField, SizeBytesField, StartedAtField, DurationSecondsField, PhasesField,
        BytesField, ThroughputField, StatusField, FailureKindField, MessageField, ChecksumExpectedField,
        ChecksumActualField, NetworkField,
    ];

    private static readonly byte[][] FieldNamesUtf8 = [.. FieldNames.Select(Encoding.UTF8.GetBytes)];

    /// <summary>null for an unknown name (refused by the caller).</summary>
    private static Field? FieldOf(JsonProperty property)
    {
        var raw = JsonMarshal.GetRawUtf8PropertyName(property);
        for (var i = 0; i < FieldNamesUtf8.Length; i++)
        {
            if (raw.SequenceEqual(FieldNamesUtf8[i]))
            {
                return (Field)i;
            }
        }
        // An escaped spelling ("\u0069d") names the same field as the plain one.
        if (raw.IndexOf((byte)'\\') >= 0)
        {
            var index = Array.IndexOf(FieldNames, property.Name);
            return index >= 0 ? (Field)index : null;
        }
        return null;
    }

    /// <summary>What an error message names ("field 'bytes'", "phase 'connect'"), formatted only when there is an
    /// error: building it for every number read cost more than reading the number.</summary>
    private readonly record struct Subject(string Noun, string Name)
    {
        public override string ToString() => $"{Noun} '{Name}'";
    }

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        var kind => kind.ToString(),
    };
}
