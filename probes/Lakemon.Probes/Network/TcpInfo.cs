using System.Buffers.Binary;
using System.Net.Sockets;

namespace Lakemon.Probes.Network;

/// <summary>
/// The two fields of Linux's struct tcp_info (getsockopt IPPROTO_TCP/TCP_INFO, include/uapi/linux/tcp.h) that a
/// throughput test reports: the smoothed RTT (tcpi_rtt, µs, offset 68) and the retransmitted segments of the
/// connection's lifetime (tcpi_total_retrans, offset 100). Null where the kernel does not answer.
/// </summary>
public sealed record TcpInfo(TimeSpan SmoothedRtt, long TotalRetransmits)
{
    private const int IpProtoTcp = 6;
    private const int TcpInfoOption = 11;
    private const int RttOffset = 68;
    private const int TotalRetransOffset = 100;

    public static TcpInfo? Read(Socket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        var buffer = new byte[232];
        try
        {
            var length = socket.GetRawSocketOption(IpProtoTcp, TcpInfoOption, buffer);
            return length < TotalRetransOffset + 4 ? null : Parse(buffer);
        }
        catch (SocketException)
        {
            return null;
        }
    }

    public static TcpInfo Parse(ReadOnlySpan<byte> info) => new(
        TimeSpan.FromMicroseconds(BinaryPrimitives.ReadUInt32LittleEndian(info[RttOffset..])),
        BinaryPrimitives.ReadUInt32LittleEndian(info[TotalRetransOffset..]));
}
