using Lakemon.Probes.Configuration;
using Lakemon.Probes.Results;
using Lakemon.Probes.Storage;

namespace Lakemon.Probes.Campaigns;

/// <summary>What every check of one campaign shares: the run's identity, the probe settings, the clock, and where
/// storage clients come from (the registry, unless a test says otherwise).</summary>
public sealed record ProbeContext(string RunId, RunKind Kind, ProbeOptions Options)
{
    public TimeProvider Time { get; init; } = TimeProvider.System;

    public Func<string, StorageCredentials, IStorageClient> ClientFactory { get; init; } = StorageClientRegistry.Create;

    public IProbeHooks? Hooks { get; init; }

    /// <summary>How long cleanup may take once a check is over or cancelled: the delete module's budget, but never so
    /// long that Ctrl-C feels ignored.</summary>
    public TimeSpan CleanupBudget => TimeSpan.FromTicks(Math.Min(Options.ModuleFor(ProbeOperation.Delete).Timeout.Ticks, TimeSpan.FromSeconds(10).Ticks));
}
