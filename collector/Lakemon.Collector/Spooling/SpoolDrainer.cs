using Microsoft.Extensions.Logging;

namespace Lakemon.Collector.Spooling;

/// <summary>
/// Sends the segments of a <see cref="SegmentSpool"/> oldest first, one per request, through a receiver-specific send
/// function: acknowledged segments are deleted, rejected ones moved aside, and anything else is retried with
/// exponential backoff, so order is kept and nothing is skipped while the receiver is away.
/// </summary>
public sealed class SpoolDrainer(SegmentSpool spool, Func<byte[], CancellationToken, Task<SegmentDelivery>> send, TimeProvider? time = null, ILogger? logger = null)
{
    private static readonly TimeSpan MinBackoff = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private bool _waiting;

    /// <summary>Why the last attempt failed, null after a success; redacted by the send function.</summary>
    public string? LastError { get; private set; }

    /// <summary>Sends until the spool is empty; answers false if it gave up because of <paramref name="cancellationToken"/>.</summary>
    public async Task<bool> DrainAsync(CancellationToken cancellationToken)
    {
        var backoff = MinBackoff;
        while (!cancellationToken.IsCancellationRequested)
        {
            var segment = spool.Segments().FirstOrDefault();
            if (segment is null)
            {
                return true;
            }
            SegmentOutcome outcome;
            try
            {
                outcome = await SendAsync(segment, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return false;
            }
            if (outcome != SegmentOutcome.Retry)
            {
                backoff = MinBackoff;
                continue;
            }
            await Task.Delay(backoff, _time, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
        }
        return false;
    }

    /// <summary>Sends forever, looking for new segments every <paramref name="interval"/>.</summary>
    public async Task RunAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await DrainAsync(cancellationToken);
            await Task.Delay(interval, _time, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private async Task<SegmentOutcome> SendAsync(string segment, CancellationToken cancellationToken)
    {
        byte[] body;
        try
        {
            body = await File.ReadAllBytesAsync(segment, cancellationToken);
        }
        catch (FileNotFoundException)
        {
            // Dropped for room between listing and reading: nothing left to send.
            return SegmentOutcome.Acknowledged;
        }
        var delivery = await send(body, cancellationToken);
        switch (delivery.Outcome)
        {
            case SegmentOutcome.Acknowledged:
                spool.Acknowledge(segment);
                break;
            case SegmentOutcome.Rejected:
                spool.Reject(segment);
                logger?.LogError("{Segment} refused by the receiver, moved to {Rejected}: {Error}", segment, spool.RejectedDirectory, delivery.Error);
                break;
            case SegmentOutcome.Retry when !_waiting:
                // Once per outage, not once per backoff round.
                logger?.LogWarning("cannot deliver {Segment}, keeping it and retrying with backoff: {Error}", segment, delivery.Error);
                break;
        }
        if (_waiting && delivery.Outcome != SegmentOutcome.Retry)
        {
            logger?.LogInformation("the receiver answers again; {Bytes} bytes still spooled", spool.Bytes);
        }
        _waiting = delivery.Outcome == SegmentOutcome.Retry;
        LastError = delivery.Error;
        return delivery.Outcome;
    }
}
