namespace Lakemon.Probes.Storage;

/// <summary>What stat says about a path. A missing path is <c>Exists = false</c>, not an exception: probes expect it
/// after delete.</summary>
public sealed record StorageStat(bool Exists, long Size, DateTimeOffset? Modified, bool IsDirectory)
{
    public static StorageStat Missing { get; } = new(false, 0, null, false);
}
