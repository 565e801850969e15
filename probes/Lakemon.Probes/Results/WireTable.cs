using System.Text;
using System.Text.Json;

namespace Lakemon.Probes.Results;

/// <summary>The wire names of an enumeration as UTF-8, so that a JSON value is matched without first becoming a string.</summary>
internal sealed class WireTable<T>
    where T : struct
{
    private readonly (byte[] Utf8, T Value)[] _entries;

    public WireTable(IEnumerable<KeyValuePair<string, T>> byName)
    {
        _entries = [.. byName.Select(pair => (Encoding.UTF8.GetBytes(pair.Key), pair.Value))];
        Names = [.. byName.Select(pair => pair.Key)];
    }

    public IReadOnlyList<string> Names { get; }

    /// <summary>Matches a JSON string value (escaped spellings included) against the wire names.</summary>
    public bool TryMatch(JsonElement value, out T parsed)
    {
        foreach (var (utf8, item) in _entries)
        {
            if (value.ValueEquals(utf8))
            {
                parsed = item;
                return true;
            }
        }
        parsed = default;
        return false;
    }
}
