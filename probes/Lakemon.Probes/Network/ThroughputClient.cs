using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Lakemon.Probes.Results;

namespace Lakemon.Probes.Network;

/// <summary>
/// The sending side of a memory-to-memory TCP test against <see cref="ThroughputServer"/>: each stream writes for
/// the duration, half-closes, and waits for the server's count. A server that cannot be reached or stops answering
/// makes the test UNKNOWN (connect/timeout): lakemon could not measure, which is not a slow link.
/// </summary>
public static class ThroughputClient
{
    // After sending stops, the bytes in flight and in the socket buffers still have to drain over the link.
    private static readonly TimeSpan DrainAllowance = TimeSpan.FromSeconds(30);

    public static async Task<ThroughputMeasurement> MeasureAsync(IPEndPoint server, TimeSpan duration, int streams, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(duration + DrainAllowance);
        var sockets = new List<Socket>();
        var start = Stopwatch.GetTimestamp();
        try
        {
            for (var i = 0; i < streams; i++)
            {
                var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                sockets.Add(socket);
                await socket.ConnectAsync(server, budget.Token).ConfigureAwait(false);
            }
            var results = await Task.WhenAll(sockets.Select(s => RunStreamAsync(s, start, duration, budget.Token))).ConfigureAwait(false);
            var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
            var infos = results.Select(r => r.Info).OfType<TcpInfo>().ToList();
            var bytes = results.Sum(r => r.Bytes);
            return new ThroughputMeasurement(
                streams, bytes, elapsed,
                infos.Count == results.Length ? infos.Sum(i => i.TotalRetransmits) : null,
                infos.Count > 0 ? infos.Average(i => i.SmoothedRtt.TotalSeconds) : null,
                ProbeStatus.Ok, null,
                FormattableString.Invariant($"{bytes * 8 / elapsed / 1e6:0.00} Mbit/s over {streams} stream(s)"));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Failed(streams, start, FailureKind.Timeout, $"the throughput server at {server} did not report within {duration + DrainAllowance}");
        }
        catch (SocketException e)
        {
            var kind = e.SocketErrorCode is SocketError.ConnectionRefused or SocketError.HostUnreachable or SocketError.NetworkUnreachable
                ? FailureKind.Connect : FailureKind.Timeout;
            return Failed(streams, start, kind, $"throughput server {server}: {e.Message}");
        }
        catch (EndOfStreamException e)
        {
            return Failed(streams, start, FailureKind.ProtocolError, $"throughput server {server}: {e.Message}");
        }
        finally
        {
            foreach (var socket in sockets)
            {
                socket.Dispose();
            }
        }
    }

    private static ThroughputMeasurement Failed(int streams, long start, FailureKind kind, string message) =>
        new(streams, 0, Stopwatch.GetElapsedTime(start).TotalSeconds, null, null, ProbeStatus.Unknown, kind, message);

    private static async Task<(long Bytes, TcpInfo? Info)> RunStreamAsync(Socket socket, long start, TimeSpan duration, CancellationToken cancellationToken)
    {
        var payload = new byte[128 * 1024];
        Random.Shared.NextBytes(payload);
        while (Stopwatch.GetElapsedTime(start) < duration)
        {
            await socket.SendAsync(payload, SocketFlags.None, cancellationToken).ConfigureAwait(false);
        }
        socket.Shutdown(SocketShutdown.Send);
        var report = new byte[ThroughputServer.ReportSize];
        var filled = 0;
        while (filled < report.Length)
        {
            var read = await socket.ReceiveAsync(report.AsMemory(filled), SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new EndOfStreamException($"the connection closed after {filled} of {report.Length} bytes of the report");
            }
            filled += read;
        }
        // Read after the report: by then every byte was acknowledged, so the retransmit count is final.
        return (BinaryPrimitives.ReadInt64BigEndian(report), TcpInfo.Read(socket));
    }
}
