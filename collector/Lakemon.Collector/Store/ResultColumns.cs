using System.Text;
using Lakemon.Probes.Configuration;
using Lakemon.Probes.Results;

namespace Lakemon.Collector.Store;

/// <summary>
/// One result as both stores keep it: the columns the queries filter on and the SLA engine reads (DESIGN.md §6), and the whole §2 JSON form (DESIGN.md), which
/// is what is read back — so a field added to the contract is kept without a schema change. <c>started_at</c> is kept
/// in whole milliseconds, the precision of the JSON form, so that the column and the JSON never disagree.
/// </summary>
internal readonly record struct ResultColumns(
    string Id,
    long StartedAtMilliseconds,
    string Operation,
    string Kind,
    string? Rse,
    string? SrcRse,
    string? DstRse,
    string? Site,
    string? SrcSite,
    string? DstSite,
    string Protocol,
    string? TpcMode,
    long? SizeBytes,
    string Status,
    ReadOnlyMemory<byte> Json)
{
    /// <summary>The JSON form as text, for stores that take it as a string.</summary>
    public string JsonText => Encoding.UTF8.GetString(Json.Span);

    public static ResultColumns Of(ProbeResult result) => Of(result, ProbeResultJson.SerializeUtf8(result));

    /// <summary>The columns with the JSON form kept in <paramref name="rows"/> (valid until it is disposed).</summary>
    public static ResultColumns Of(ProbeResult result, JsonRows rows) => Of(result, rows.Add(result));

    private static ResultColumns Of(ProbeResult result, ReadOnlyMemory<byte> json) => new(
        result.Id,
        result.StartedAt.ToUnixTimeMilliseconds(),
        result.Operation.ToWire(),
        result.Kind.ToWire(),
        result.Rse,
        result.SrcRse,
        result.DstRse,
        result.Site,
        result.SrcSite,
        result.DstSite,
        result.Protocol,
        result.TpcMode is { } mode ? TpcModeNames.ToWire(mode) : null,
        result.SizeBytes,
        result.Status.ToWire(),
        json);

    /// <summary>A time bound in stored precision: for whole milliseconds s, s &gt;= t and s &lt; t hold exactly when they
    /// hold for the bound rounded up to the next millisecond.</summary>
    public static long CeilingMilliseconds(DateTimeOffset time) =>
        time.ToUnixTimeMilliseconds() + (time.UtcTicks % TimeSpan.TicksPerMillisecond == 0 ? 0 : 1);

    public static DateTime UtcFromMilliseconds(long milliseconds) => DateTime.UnixEpoch.AddMilliseconds(milliseconds);

    /// <summary>Reads back a stored JSON form; it was written by <see cref="ProbeResultJson.Serialize"/>, so a refusal
    /// means the database was altered behind lakemon's back.</summary>
    public static ProbeResult Parse(string json) =>
        ProbeResultJson.TryParse(json, out var result, out var error)
            ? result
            : throw new InvalidDataException($"a stored result is not a valid result ({error}): {json}");
}
