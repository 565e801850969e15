using System.Net;
using System.Net.Sockets;

namespace Lakemon.Probes.Network;

/// <summary>
/// A TWAMP-light Session-Reflector (RFC 5357 Appendix I): no control session, it answers every test packet that
/// arrives on its UDP port with the §4.2.1 reflected packet, padded to the request's length so that the answer never
/// amplifies. Anything that cannot be a test packet (too short, bad Error Estimate) is counted and dropped. One
/// dedicated thread does the work so that the receive and send timestamps are not delayed by the thread pool.
/// </summary>
public sealed class TwampReflector : IDisposable
{
    private const int MaximumDatagram = 65535;

    private readonly Socket _socket;
    private readonly Thread _thread;
    private readonly bool _synchronized;
    private long _reflected;
    private long _dropped;
    private uint _sequence;
    private volatile bool _stopping;

    private TwampReflector(Socket socket, bool synchronized)
    {
        _socket = socket;
        _synchronized = synchronized;
        _thread = new Thread(Run) { IsBackground = true, Name = "twamp-reflector" };
    }

    public IPEndPoint LocalEndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    public long Reflected => Interlocked.Read(ref _reflected);

    /// <summary>Datagrams refused as not being test packets.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <param name="listen">Address and port; port 0 picks a free one (see <see cref="LocalEndPoint"/>).</param>
    /// <param name="synchronized">Whether this host's clock is declared synchronised to UTC (the S bit).</param>
    public static TwampReflector Start(IPEndPoint listen, bool synchronized = false)
    {
        ArgumentNullException.ThrowIfNull(listen);
        var socket = new Socket(listen.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.Bind(listen);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        KernelReceiveTimestamp.Enable(socket);
        var reflector = new TwampReflector(socket, synchronized);
        reflector._thread.Start();
        return reflector;
    }

    private void Run()
    {
        var buffer = new byte[MaximumDatagram];
        EndPoint from = new IPEndPoint(LocalEndPoint.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!_stopping)
        {
            int length;
            try
            {
                length = _socket.ReceiveFrom(buffer, ref from);
            }
            catch (SocketException) when (!_stopping)
            {
                // An ICMP error for an earlier answer (the sender went away) surfaces here on Linux; keep serving.
                continue;
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return;
            }
            // The kernel's receive time: how late this thread woke up then falls inside T3 − T2, which the sender
            // subtracts, instead of inflating the round trip.
            var received = NtpTimestamp.FromDateTime(KernelReceiveTimestamp.Last(_socket) ?? DateTime.UtcNow);
            var request = TwampTestPacket.TryDecode(buffer.AsSpan(0, length));
            if (request is null)
            {
                Interlocked.Increment(ref _dropped);
                continue;
            }
            // RFC 5357 §4.2.1 wants the TTL the request arrived with; that needs IP_RECVTTL ancillary data, which
            // .NET's sockets do not surface. lakemon writes 255 (as if nothing was known to decrement it) and its
            // sender ignores the field; path length comes from the trace probe instead.
            var answer = new TwampReflectedPacket(
                _sequence++, NtpTimestamp.FromDateTime(DateTime.UtcNow), TwampErrorEstimate.Default(_synchronized), received,
                request.Sequence, request.Timestamp, request.ErrorEstimate, 255);
            answer.WriteHeader(buffer.AsSpan(0, length));
            try
            {
                _socket.SendTo(buffer.AsSpan(0, length), SocketFlags.None, from);
                Interlocked.Increment(ref _reflected);
            }
            catch (SocketException)
            {
                Interlocked.Increment(ref _dropped);
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
        _socket.Dispose();
        _thread.Join(TimeSpan.FromSeconds(5));
    }
}
