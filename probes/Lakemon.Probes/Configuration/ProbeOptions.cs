namespace Lakemon.Probes.Configuration;

/// <summary>What the storage probes upload and how long they may take.</summary>
/// <param name="Sizes">Probe file sizes in bytes, all positive.</param>
/// <param name="FileLifetime">The janitor deletes probe files older than this.</param>
public sealed record ProbeOptions(IReadOnlyList<long> Sizes, TimeSpan Timeout, TimeSpan FileLifetime)
{
    public static ProbeOptions Default { get; } = new([1024, 1024 * 1024], TimeSpan.FromSeconds(60), TimeSpan.FromHours(24));
}
