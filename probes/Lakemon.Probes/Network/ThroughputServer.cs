using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Lakemon.Probes.Network;

/// <summary>
/// The memory-to-memory TCP throughput server of `lakemon net throughput-server`: each connection is one stream of a
/// test. It counts what arrives until the client half-closes, then answers 16 bytes — the byte count and the
/// nanoseconds from the first byte to the end of the stream, both big-endian — so that the client reports what the
/// far end received, not what its own socket buffer accepted.
/// </summary>
public sealed class ThroughputServer : IDisposable
{
    public const int ReportSize = 16;

    // A stream that sends nothing for this long is abandoned, so a stuck client cannot pin a task forever.
    private static readonly TimeSpan IdleLimit = TimeSpan.FromSeconds(60);

    private readonly Socket _listener;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _accepting;

    private ThroughputServer(Socket listener)
    {
        _listener = listener;
        _accepting = Task.Run(AcceptAsync);
    }

    public IPEndPoint LocalEndPoint => (IPEndPoint)_listener.LocalEndPoint!;

    public static ThroughputServer Start(IPEndPoint listen)
    {
        ArgumentNullException.ThrowIfNull(listen);
        var listener = new Socket(listen.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.Bind(listen);
            listener.Listen(128);
        }
        catch
        {
            listener.Dispose();
            throw;
        }
        return new ThroughputServer(listener);
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (_stopping.IsCancellationRequested)
                {
                    return;
                }
                continue;
            }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(Socket client)
    {
        using (client)
        {
            var buffer = new byte[256 * 1024];
            long bytes = 0;
            long first = 0;
            try
            {
                while (true)
                {
                    using var idle = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
                    idle.CancelAfter(IdleLimit);
                    var read = await client.ReceiveAsync(buffer, SocketFlags.None, idle.Token).ConfigureAwait(false);
                    if (read == 0)
                    {
                        break;
                    }
                    if (first == 0)
                    {
                        first = Stopwatch.GetTimestamp();
                    }
                    bytes += read;
                }
                var elapsed = first == 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(first);
                var report = new byte[ReportSize];
                BinaryPrimitives.WriteInt64BigEndian(report, bytes);
                BinaryPrimitives.WriteInt64BigEndian(report.AsSpan(8), (long)(elapsed.TotalMilliseconds * 1e6));
                await client.SendAsync(report, SocketFlags.None, _stopping.Token).ConfigureAwait(false);
                client.Shutdown(SocketShutdown.Both);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The client went away or stalled: nothing to report to anyone.
            }
        }
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _listener.Dispose();
        try
        {
            _accepting.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }
        _stopping.Dispose();
    }
}
