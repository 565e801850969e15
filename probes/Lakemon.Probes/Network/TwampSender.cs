using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Lakemon.Probes.Network;

/// <summary>
/// A TWAMP-light Session-Sender (RFC 5357 Appendix I): sends numbered §4.1.2 test packets at a fixed interval to a
/// reflector and collects the §4.2.1 answers. Sending runs on a dedicated thread that reads the clock right before the
/// send call; arrivals are stamped by the kernel (<see cref="KernelReceiveTimestamp"/>), because thread scheduling
/// would add milliseconds of noise to sub-millisecond round trips on a busy host. The socket is connected, so an ICMP port-unreachable cannot be mistaken for an answer.
/// </summary>
public static class TwampSender
{
    // Below this the sender spins instead of sleeping: Thread.Sleep overshoots by up to a scheduler tick.
    private static readonly TimeSpan SpinMargin = TimeSpan.FromMilliseconds(1.5);

    public static async Task<LatencyMeasurement> MeasureAsync(IPEndPoint target, LatencyProbeOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Count, 1);
        using var socket = new Socket(target.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        socket.ReceiveBufferSize = 4 << 20;
        await socket.ConnectAsync(target, cancellationToken).ConfigureAwait(false);
        socket.ReceiveTimeout = 50;
        KernelReceiveTimestamp.Enable(socket);

        var sentTicks = new long[options.Count];
        var sentUtc = new DateTime[options.Count];
        var arrivals = new List<LatencySample>(options.Count);
        var answered = new bool[options.Count];
        var unanswered = options.Count;
        var sendingDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var allAnswered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stop = false;

        var receiver = new Thread(() =>
        {
            var buffer = new byte[65535];
            while (!Volatile.Read(ref stop))
            {
                int length;
                try
                {
                    length = socket.Receive(buffer);
                }
                catch (SocketException)
                {
                    // Timeout (to look at the stop flag) or ECONNREFUSED from an ICMP error: neither is an answer.
                    continue;
                }
                var arrivedUtc = KernelReceiveTimestamp.Last(socket) ?? DateTime.UtcNow;
                var answer = TwampReflectedPacket.TryDecode(buffer.AsSpan(0, length));
                if (answer is null || answer.SenderSequence >= options.Count)
                {
                    continue;
                }
                var sequence = (int)answer.SenderSequence;
                // A sender sequence number from this test whose packet has not been sent yet can only be forged.
                if (Volatile.Read(ref sentTicks[sequence]) == 0)
                {
                    continue;
                }
                // Both ends on the wall clock: the arrival is the kernel's receive time, the departure was read right
                // before the send call.
                var turnaround = (answer.Timestamp.ToDateTime() - answer.ReceiveTimestamp.ToDateTime()).TotalSeconds;
                var rtt = (arrivedUtc - sentUtc[sequence]).TotalSeconds - Math.Max(0, turnaround);
                double? forward = null, backward = null;
                if (options.Synchronized && answer.ErrorEstimate.Synchronized)
                {
                    forward = (answer.ReceiveTimestamp.ToDateTime() - sentUtc[sequence]).TotalSeconds;
                    backward = (arrivedUtc - answer.Timestamp.ToDateTime()).TotalSeconds;
                }
                lock (arrivals)
                {
                    arrivals.Add(new LatencySample(answer.SenderSequence, rtt, forward, backward));
                    if (!answered[sequence])
                    {
                        answered[sequence] = true;
                        if (--unanswered == 0)
                        {
                            allAnswered.TrySetResult();
                        }
                    }
                }
            }
        }) { IsBackground = true, Name = "twamp-receiver", Priority = ThreadPriority.AboveNormal };

        var sender = new Thread(() =>
        {
            try
            {
                var estimate = TwampErrorEstimate.Default(options.Synchronized);
                var start = Stopwatch.GetTimestamp();
                for (var i = 0; i < options.Count && !cancellationToken.IsCancellationRequested; i++)
                {
                    WaitUntil(start, options.Interval * i);
                    var packet = new TwampTestPacket((uint)i, default, estimate).Encode(options.PacketSize);
                    var utc = DateTime.UtcNow;
                    NtpTimestamp.FromDateTime(utc).Write(packet.AsSpan(4));
                    sentUtc[i] = utc;
                    Volatile.Write(ref sentTicks[i], Stopwatch.GetTimestamp());
                    try
                    {
                        socket.Send(packet);
                    }
                    catch (SocketException)
                    {
                        // ECONNREFUSED left by an ICMP error for an earlier packet: this one counts as lost.
                    }
                }
                sendingDone.TrySetResult();
            }
            catch (Exception e) when (e is ObjectDisposedException)
            {
                sendingDone.TrySetException(e);
            }
        }) { IsBackground = true, Name = "twamp-sender", Priority = ThreadPriority.AboveNormal };

        receiver.Start();
        sender.Start();
        try
        {
            await sendingDone.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await allAnswered.Task.WaitAsync(options.Wait, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // Whatever did not come back by now is lost.
            }
        }
        finally
        {
            Volatile.Write(ref stop, true);
            receiver.Join();
            sender.Join();
        }
        cancellationToken.ThrowIfCancellationRequested();
        lock (arrivals)
        {
            return LatencyMeasurement.Analyze(options.Count, arrivals);
        }
    }

    private static void WaitUntil(long start, TimeSpan due)
    {
        while (true)
        {
            var left = due - Stopwatch.GetElapsedTime(start);
            if (left <= TimeSpan.Zero)
            {
                return;
            }
            if (left > SpinMargin)
            {
                Thread.Sleep(left - SpinMargin);
            }
            else
            {
                Thread.SpinWait(20);
            }
        }
    }
}
