namespace Lakemon.Probes.Results;

/// <summary>Wire names of <see cref="ProbeStatus"/>: the upper-case strings of DESIGN.md §2.</summary>
public static class ProbeStatuses
{
    private static readonly IReadOnlyDictionary<string, ProbeStatus> ByName = new Dictionary<string, ProbeStatus>(StringComparer.Ordinal)
    {
        ["OK"] = ProbeStatus.Ok,
        ["WARNING"] = ProbeStatus.Warning,
        ["CRITICAL"] = ProbeStatus.Critical,
        ["UNKNOWN"] = ProbeStatus.Unknown,
    };

    public static IReadOnlyList<string> All { get; } = [.. ByName.Keys];

    public static string ToWire(this ProbeStatus status) => status switch
    {
        ProbeStatus.Ok => "OK",
        ProbeStatus.Warning => "WARNING",
        ProbeStatus.Critical => "CRITICAL",
        ProbeStatus.Unknown => "UNKNOWN",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static bool TryParse(string name, out ProbeStatus status) => ByName.TryGetValue(name, out status);

    /// <summary>OK and WARNING count as up (DESIGN.md §6).</summary>
    public static bool IsUp(this ProbeStatus status) => status is ProbeStatus.Ok or ProbeStatus.Warning;
}
