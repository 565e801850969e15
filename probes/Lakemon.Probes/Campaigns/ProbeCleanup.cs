using Lakemon.Probes.Storage;

namespace Lakemon.Probes.Campaigns;

/// <summary>Best-effort removal of what a probe wrote. It runs after failures and cancellation too, so it has a budget
/// of its own rather than the (possibly cancelled) campaign token; whatever it cannot remove, the janitor will.</summary>
internal static class ProbeCleanup
{
    public static async Task DeleteQuietlyAsync(ProbeContext context, IStorageClient client, Uri url)
    {
        using var budget = new CancellationTokenSource(context.CleanupBudget);
        try
        {
            await client.DeleteAsync(url, new PhaseRecorder(context.Time), budget.Token);
        }
        catch (Exception e) when (e is StorageException or OperationCanceledException)
        {
            // Not found (never written) is the common case; anything else is left to the janitor.
        }
    }
}
