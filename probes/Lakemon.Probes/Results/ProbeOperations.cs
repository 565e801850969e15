namespace Lakemon.Probes.Results;

/// <summary>Wire names (snake_case) of <see cref="ProbeOperation"/>, and the storage lifecycle of DESIGN.md §2.</summary>
public static class ProbeOperations
{
    private static readonly IReadOnlyDictionary<ProbeOperation, string> Names = new Dictionary<ProbeOperation, string>
    {
        [ProbeOperation.Upload] = "upload",
        [ProbeOperation.Stat] = "stat",
        [ProbeOperation.Checksum] = "checksum",
        [ProbeOperation.Read] = "read",
        [ProbeOperation.Delete] = "delete",
        [ProbeOperation.StatDeleted] = "stat_deleted",
        [ProbeOperation.List] = "list",
        [ProbeOperation.Tpc] = "tpc",
        [ProbeOperation.Latency] = "latency",
        [ProbeOperation.Throughput] = "throughput",
        [ProbeOperation.Trace] = "trace",
    };

    private static readonly IReadOnlyDictionary<string, ProbeOperation> ByName =
        Names.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    /// <summary>upload → stat → checksum → read → delete → stat_deleted: each step needs the one before.</summary>
    public static IReadOnlyList<ProbeOperation> StorageLifecycle { get; } =
    [
        ProbeOperation.Upload, ProbeOperation.Stat, ProbeOperation.Checksum,
        ProbeOperation.Read, ProbeOperation.Delete, ProbeOperation.StatDeleted,
    ];

    /// <summary>The network measurements of a site→site link: their results name src_site/dst_site, not RSEs.</summary>
    public static IReadOnlySet<ProbeOperation> Network { get; } =
        new HashSet<ProbeOperation> { ProbeOperation.Latency, ProbeOperation.Throughput, ProbeOperation.Trace };

    public static IReadOnlyList<string> All { get; } = [.. ByName.Keys];

    public static bool IsNetwork(this ProbeOperation operation) => Network.Contains(operation);

    public static string ToWire(this ProbeOperation operation) => Names[operation];

    public static bool TryParse(string name, out ProbeOperation operation) => ByName.TryGetValue(name, out operation);
}
