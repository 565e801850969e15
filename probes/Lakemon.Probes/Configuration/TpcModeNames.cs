namespace Lakemon.Probes.Configuration;

/// <summary>Wire names of <see cref="TpcMode"/> (config, results' `tpc_mode`, metric labels, `fs cp --tpc-mode`).</summary>
public static class TpcModeNames
{
    public static IReadOnlyDictionary<string, TpcMode> ByName { get; } = new Dictionary<string, TpcMode>(StringComparer.Ordinal)
    {
        ["root"] = TpcMode.Root,
        ["http-pull"] = TpcMode.HttpPull,
        ["http-push"] = TpcMode.HttpPush,
    };

    public static string ToWire(TpcMode mode) => ByName.First(pair => pair.Value == mode).Key;
}
