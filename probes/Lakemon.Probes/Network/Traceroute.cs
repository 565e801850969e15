using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Lakemon.Probes.Network;

/// <summary>
/// A classic UDP traceroute (IPv4): a UDP probe with TTL 1, 2, ... to port BasePort + n, and a raw ICMP socket (root)
/// that catches the ICMP Time Exceeded from each router and the Port Unreachable from the target. An ICMP error
/// quotes the IP header and the first 8 bytes of the datagram that caused it (RFC 792), so the quoted UDP
/// destination port tells which probe it answers.
/// </summary>
public static class Traceroute
{
    private const int IcmpTimeExceeded = 11;
    private const int IcmpDestinationUnreachable = 3;
    private const int IcmpPortUnreachable = 3;

    public static async Task<TraceResult> RunAsync(IPAddress target, TraceOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(options);
        if (target.AddressFamily != AddressFamily.InterNetwork)
        {
            throw new NotSupportedException("lakemon's traceroute speaks IPv4 only");
        }
        using var icmp = new Socket(AddressFamily.InterNetwork, SocketType.Raw, ProtocolType.Icmp);
        icmp.Bind(new IPEndPoint(IPAddress.Any, 0));
        using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        udp.Bind(new IPEndPoint(IPAddress.Any, 0));
        var localPort = ((IPEndPoint)udp.LocalEndPoint!).Port;
        var hops = new List<TraceHop>();
        var buffer = new byte[1500];
        var probe = 0;
        var reached = false;
        for (var ttl = 1; ttl <= options.MaxHops && !reached; ttl++)
        {
            IPAddress? hopAddress = null;
            var rtts = new List<double>();
            for (var n = 0; n < options.ProbesPerHop; n++, probe++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var port = options.BasePort + probe;
                udp.Ttl = (short)ttl;
                var sent = Stopwatch.GetTimestamp();
                await udp.SendToAsync(new byte[32], SocketFlags.None, new IPEndPoint(target, port), cancellationToken).ConfigureAwait(false);
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                wait.CancelAfter(options.ProbeTimeout);
                while (true)
                {
                    SocketReceiveFromResult received;
                    try
                    {
                        received = await icmp.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), wait.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                    {
                        break;
                    }
                    if (Match(buffer.AsSpan(0, received.ReceivedBytes), localPort, port) is not { } answer)
                    {
                        continue;
                    }
                    rtts.Add(Stopwatch.GetElapsedTime(sent).TotalSeconds);
                    hopAddress ??= ((IPEndPoint)received.RemoteEndPoint).Address;
                    reached |= answer == IcmpDestinationUnreachable;
                    break;
                }
            }
            hops.Add(new TraceHop(ttl, hopAddress, rtts));
        }
        return new TraceResult(hops, reached);
    }

    /// <summary>The ICMP type when <paramref name="packet"/> (IPv4 header + ICMP) answers our probe to
    /// <paramref name="port"/> from <paramref name="localPort"/>; null for every other ICMP message.</summary>
    internal static int? Match(ReadOnlySpan<byte> packet, int localPort, int port)
    {
        if (packet.Length < 20)
        {
            return null;
        }
        var ipHeader = (packet[0] & 0x0F) * 4;
        if (packet.Length < ipHeader + 8)
        {
            return null;
        }
        var icmp = packet[ipHeader..];
        var type = icmp[0];
        if (!(type == IcmpTimeExceeded || (type == IcmpDestinationUnreachable && icmp[1] == IcmpPortUnreachable)))
        {
            return null;
        }
        var quoted = icmp[8..];
        if (quoted.Length < 20)
        {
            return null;
        }
        var quotedHeader = (quoted[0] & 0x0F) * 4;
        if (quoted[9] != (byte)ProtocolType.Udp || quoted.Length < quotedHeader + 4)
        {
            return null;
        }
        var udp = quoted[quotedHeader..];
        return BinaryPrimitives.ReadUInt16BigEndian(udp) == localPort && BinaryPrimitives.ReadUInt16BigEndian(udp[2..]) == port
            ? type : null;
    }
}
