using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Lakemon.Probes.Network;

namespace Lakemon.IntegrationTests.Network;

/// <summary>
/// The tests' stand-in for netem's delay (the kernel here has none, DESIGN.md §7): a UDP relay that holds every
/// datagram for a fixed delay in each direction. Clients send to <see cref="FrontEndPoint"/>; the relay forwards to
/// the target from its own socket and sends answers back to the last client it heard from. Two receive threads stamp
/// arrivals (due = the kernel's receive time + delay); one dispatcher thread, at real-time priority, releases each
/// datagram at its due time, sleeping until the last 1.5 ms and then spinning, because Thread.Sleep and Task.Delay
/// overshoot by a scheduler tick and the RTT tests allow ±0.5 ms — on a 2-CPU host that also builds and tests.
/// </summary>
internal sealed class UdpDelayLine : IDisposable
{
    private static readonly TimeSpan SpinMargin = TimeSpan.FromMilliseconds(1.5);

    private readonly Socket _front;
    private readonly Socket _back;
    private readonly TimeSpan _delay;
    private readonly PriorityQueue<(bool Forward, byte[] Data), long> _queue = new();
    private readonly SemaphoreSlim _pending = new(0);
    private readonly List<Thread> _threads = [];
    private volatile bool _stopping;
    private EndPoint? _client;

    private UdpDelayLine(Socket front, Socket back, TimeSpan delay)
    {
        _front = front;
        _back = back;
        _delay = delay;
        _threads.Add(new Thread(() => Receive(_front, forward: true)) { IsBackground = true, Priority = ThreadPriority.Highest });
        _threads.Add(new Thread(() => Receive(_back, forward: false)) { IsBackground = true, Priority = ThreadPriority.Highest });
        _threads.Add(new Thread(Dispatch) { IsBackground = true, Priority = ThreadPriority.Highest });
        foreach (var thread in _threads)
        {
            thread.Start();
        }
    }

    public IPEndPoint FrontEndPoint => (IPEndPoint)_front.LocalEndPoint!;

    /// <summary>Starts a relay inside <paramref name="namespaceName"/>, listening on <paramref name="front"/> and
    /// forwarding to <paramref name="target"/>, each way delayed by <paramref name="delay"/>.</summary>
    public static UdpDelayLine Start(string namespaceName, IPEndPoint front, IPEndPoint target, TimeSpan delay)
    {
        var (frontSocket, backSocket) = NetworkNamespaceThread.Run(namespaceName, () =>
        {
            var a = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = 4 << 20 };
            var b = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = 4 << 20 };
            a.Bind(front);
            b.Connect(target);
            KernelReceiveTimestamp.Enable(a);
            KernelReceiveTimestamp.Enable(b);
            return (a, b);
        });
        return new UdpDelayLine(frontSocket, backSocket, delay);
    }

    private void Receive(Socket socket, bool forward)
    {
        var buffer = new byte[65535];
        EndPoint from = new IPEndPoint(IPAddress.Any, 0);
        while (!_stopping)
        {
            int length;
            try
            {
                length = forward ? socket.ReceiveFrom(buffer, ref from) : socket.Receive(buffer);
            }
            catch (SocketException) when (!_stopping)
            {
                continue;
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return;
            }
            // Due D after the kernel received it, not after this thread woke up: on a busy host the wake-up is late.
            var lag = KernelReceiveTimestamp.Last(socket) is { } stamp ? DateTime.UtcNow - stamp : TimeSpan.Zero;
            var due = Stopwatch.GetTimestamp() + (long)((_delay - (lag > TimeSpan.Zero ? lag : TimeSpan.Zero)).TotalSeconds * Stopwatch.Frequency);
            if (forward)
            {
                _client = from;
                from = new IPEndPoint(IPAddress.Any, 0);
            }
            lock (_queue)
            {
                _queue.Enqueue((forward, buffer.AsSpan(0, length).ToArray()), due);
            }
            _pending.Release();
        }
    }

    private void Dispatch()
    {
        RealtimeThread.TryEnter();
        while (!_stopping)
        {
            try
            {
                _pending.Wait();
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            (bool Forward, byte[] Data) item;
            long due;
            lock (_queue)
            {
                if (!_queue.TryDequeue(out item, out due))
                {
                    continue;
                }
            }
            while (true)
            {
                var left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
                if (left <= TimeSpan.Zero)
                {
                    break;
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
            try
            {
                if (item.Forward)
                {
                    _back.Send(item.Data);
                }
                else if (_client is { } client)
                {
                    _front.SendTo(item.Data, client);
                }
            }
            catch (SocketException)
            {
                // The far end is gone (ICMP unreachable): the datagram is lost, as on a real path.
            }
            catch (ObjectDisposedException)
            {
                return;
            }
        }
    }

    public void Dispose()
    {
        _stopping = true;
        _front.Dispose();
        _back.Dispose();
        _pending.Release();
        foreach (var thread in _threads)
        {
            thread.Join(TimeSpan.FromSeconds(5));
        }
        _pending.Dispose();
    }
}
