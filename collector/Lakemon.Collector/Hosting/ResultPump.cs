using System.Threading.Channels;
using Lakemon.Probes.Results;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Lakemon.Collector.Hosting;

/// <summary>
/// Reads the in-process results channel in batches and delivers each batch to the node's sink (store then metrics on
/// a collector, the spool on an agent). A failed delivery is retried with backoff rather than dropped; on shutdown
/// the channel is drained, so results the probes produced before the stop are still delivered.
/// </summary>
public sealed class ResultPump(ChannelReader<ProbeResult> results, Func<IReadOnlyList<ProbeResult>, CancellationToken, Task> deliver, ILogger<ResultPump> logger)
    : BackgroundService
{
    public const int MaxBatch = 1000;

    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan DrainBudget = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<ProbeResult>(MaxBatch);
        try
        {
            while (await results.WaitToReadAsync(stoppingToken))
            {
                await DeliverAvailableAsync(batch, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        // Whatever is still queued goes out before the host stops, within a bound of its own.
        using var drain = new CancellationTokenSource(DrainBudget);
        try
        {
            await DeliverAvailableAsync(batch, drain.Token);
        }
        catch (OperationCanceledException)
        {
            logger.LogError("shutdown: results still queued could not be delivered within {Budget}", DrainBudget);
        }
    }

    private async Task DeliverAvailableAsync(List<ProbeResult> batch, CancellationToken cancellationToken)
    {
        // The batch is cleared only once delivered: one interrupted by shutdown is delivered again by the drain
        // (deliveries are idempotent by result id).
        while (true)
        {
            while (batch.Count < MaxBatch && results.TryRead(out var result))
            {
                batch.Add(result);
            }
            if (batch.Count == 0)
            {
                return;
            }
            var backoff = TimeSpan.FromMilliseconds(100);
            while (true)
            {
                try
                {
                    await deliver(batch, cancellationToken);
                    batch.Clear();
                    break;
                }
                catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    logger.LogError("delivering {Count} results failed, retrying in {Backoff}: {Error}", batch.Count, backoff, e.Message);
                    await Task.Delay(backoff, cancellationToken);
                    backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
                }
            }
        }
    }
}
