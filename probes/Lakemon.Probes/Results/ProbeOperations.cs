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
    };

    private static readonly IReadOnlyDictionary<string, ProbeOperation> ByName =
        Names.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    /// <summary>upload → stat → checksum → read → delete → stat_deleted: each step needs the one before.</summary>
    public static IReadOnlyList<ProbeOperation> StorageLifecycle { get; } =
    [
        ProbeOperation.Upload, ProbeOperation.Stat, ProbeOperation.Checksum,
        ProbeOperation.Read, ProbeOperation.Delete, ProbeOperation.StatDeleted,
    ];

    public static IReadOnlyList<string> All { get; } = [.. ByName.Keys];

    public static string ToWire(this ProbeOperation operation) => Names[operation];

    public static bool TryParse(string name, out ProbeOperation operation) => ByName.TryGetValue(name, out operation);
}
