using Lakemon.Probes.Results;

namespace Lakemon.Probes.Campaigns;

/// <summary>The one place where a kind of planned check is bound to the probe that runs it.</summary>
public static class ProbeKinds
{
    private static readonly StorageLifecycleProbe Storage = new();
    private static readonly TpcProbe Transfer = new();

    public static Task RunAsync(PlannedCheck check, ProbeContext context, Func<ProbeResult, ValueTask> emit, CancellationToken cancellationToken) =>
        check switch
        {
            StorageCheck storage => Storage.RunAsync(storage, context, emit, cancellationToken),
            TpcCheck transfer => Transfer.RunAsync(transfer, context, emit, cancellationToken),
            _ => throw new ArgumentException($"no probe for {check.GetType().Name}", nameof(check)),
        };
}
