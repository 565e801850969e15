using Lakemon.Probes.Results;

namespace Lakemon.Probes.Configuration;

/// <summary>What the storage probes upload, how long they may take and how many may run at once.</summary>
/// <param name="Sizes">Probe file sizes in bytes, all positive.</param>
/// <param name="Timeout">The default budget of one probe step, used by every operation without a module of its own.</param>
/// <param name="FileLifetime">The janitor deletes probe files older than this.</param>
public sealed record ProbeOptions(IReadOnlyList<long> Sizes, TimeSpan Timeout, TimeSpan FileLifetime)
{
    public const int DefaultMaxConcurrent = 16;

    public static ProbeOptions Default { get; } = new([1024, 1024 * 1024], TimeSpan.FromSeconds(60), TimeSpan.FromHours(24));

    /// <summary>The global cap on probes in flight; each RSE has its own cap on top (<see cref="RseOptions.MaxConcurrentProbes"/>).</summary>
    public int MaxConcurrent { get; init; } = DefaultMaxConcurrent;

    /// <summary>The cap on probes in flight that touch one site (all its RSEs together; a transfer counts once on each
    /// site it touches); null means no cap beyond the RSE caps.</summary>
    public int? MaxConcurrentPerSite { get; init; }

    /// <summary>Per-operation settings (`probes.modules`); operations not listed use <see cref="Timeout"/>, no
    /// warning threshold and no retries.</summary>
    public IReadOnlyDictionary<ProbeOperation, ProbeModuleOptions> Modules { get; init; } = new Dictionary<ProbeOperation, ProbeModuleOptions>();

    public ProbeModuleOptions ModuleFor(ProbeOperation operation) =>
        Modules.TryGetValue(operation, out var module) ? module : new ProbeModuleOptions(Timeout, null, 0);
}
