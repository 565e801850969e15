namespace Lakemon.Probes.Results;

/// <summary>Wire names (lower-case) of <see cref="RunKind"/>.</summary>
public static class RunKinds
{
    private static readonly IReadOnlyDictionary<string, RunKind> ByName =
        Enum.GetValues<RunKind>().ToDictionary(k => k.ToString().ToLowerInvariant(), k => k, StringComparer.Ordinal);

    public static IReadOnlyList<string> All { get; } = [.. ByName.Keys];

    public static string ToWire(this RunKind kind) => kind.ToString().ToLowerInvariant();

    public static bool TryParse(string name, out RunKind kind) => ByName.TryGetValue(name, out kind);
}
