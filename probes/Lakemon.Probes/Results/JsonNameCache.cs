using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Lakemon.Probes.Results;

/// <summary>
/// The strings of names that repeat across results (RSE, site, protocol, run id, phase names), read from JSON without
/// allocating a new string for every result: a collector ingesting 10^5 results per second otherwise makes and drops
/// millions of copies of the same few hundred names. Bounded, so that hostile input of ever-new names costs only the
/// allocation the plain read would have made.
/// </summary>
internal static class JsonNameCache
{
    private const int MaxEntries = 16_384;
    private const int MaxNameBytes = 128;

    private static readonly ConcurrentDictionary<string, string> Names = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> ByChars =
        Names.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The string value of <paramref name="value"/> (which must be a JSON string).</summary>
    public static string GetString(JsonElement value) => From(JsonMarshal.GetRawUtf8Value(value)) ?? value.GetString()!;

    /// <summary>The name of <paramref name="property"/>.</summary>
    public static string GetName(JsonProperty property) => From(JsonMarshal.GetRawUtf8PropertyName(property), quoted: false) ?? property.Name;

    // null: not a plain short name (escapes, invalid UTF-8, too long) — the caller reads it the ordinary way, which also
    // refuses invalid UTF-8 the ordinary way.
    private static string? From(ReadOnlySpan<byte> raw, bool quoted = true)
    {
        if (quoted)
        {
            if (raw.Length < 2 || raw[0] != (byte)'"')
            {
                return null;
            }
            raw = raw[1..^1];
        }
        if (raw.Length > MaxNameBytes || raw.IndexOf((byte)'\\') >= 0 || !Utf8.IsValid(raw))
        {
            return null;
        }
        Span<char> chars = stackalloc char[MaxNameBytes];
        var length = Encoding.UTF8.GetChars(raw, chars);
        var text = chars[..length];
        if (ByChars.TryGetValue(text, out var known))
        {
            return known;
        }
        var created = new string(text);
        return Names.Count < MaxEntries ? Names.GetOrAdd(created, created) : created;
    }
}
