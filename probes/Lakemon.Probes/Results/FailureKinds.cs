using System.Collections.Frozen;

namespace Lakemon.Probes.Results;

/// <summary>Wire names (snake_case) of <see cref="FailureKind"/>, for JSON results and metric labels.</summary>
public static class FailureKinds
{
    private static readonly FrozenDictionary<FailureKind, string> Names = Enum.GetValues<FailureKind>()
        .ToFrozenDictionary(k => k, ToSnakeCase);

    private static readonly FrozenDictionary<string, FailureKind> ByName = Names
        .ToFrozenDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    public static IReadOnlyCollection<string> All => ByName.Keys;

    public static string ToWire(this FailureKind kind) => Names[kind];

    public static bool TryParse(string name, out FailureKind kind) => ByName.TryGetValue(name, out kind);

    private static string ToSnakeCase(FailureKind kind)
    {
        var name = kind.ToString();
        var builder = new System.Text.StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                builder.Append('_');
            }
            builder.Append(char.ToLowerInvariant(name[i]));
        }
        return builder.ToString();
    }
}
