using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Lakemon.Probes.Network;

/// <summary>
/// The latency fallback for sites without a reflector: ICMP echo (RFC 792) over a raw socket (root), with the same
/// statistics and verdicts as the TWAMP sender. Round trips include the far host's ICMP handling and routers
/// may rate-limit or deprioritise ICMP, so figures from this fallback are a lower bound on quality, not a TWAMP figure.
/// </summary>
public static class IcmpEchoSender
{
    private const byte EchoRequest = 8;
    private const byte EchoReply = 0;

    public static async Task<LatencyMeasurement> MeasureAsync(IPAddress target, LatencyProbeOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(options);
        if (target.AddressFamily != AddressFamily.InterNetwork)
        {
            throw new NotSupportedException("the ICMP echo fallback speaks IPv4 only");
        }
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Raw, ProtocolType.Icmp) { ReceiveTimeout = 50 };
        socket.Bind(new IPEndPoint(IPAddress.Any, 0));
        KernelReceiveTimestamp.Enable(socket);
        var identifier = (ushort)Random.Shared.Next(1, 65535);
        var sentTicks = new long[options.Count];
        var sentUtc = new DateTime[options.Count];
        var arrivals = new List<LatencySample>(options.Count);
        var stop = false;
        var receiver = new Thread(() =>
        {
            var buffer = new byte[2048];
            EndPoint from = new IPEndPoint(IPAddress.Any, 0);
            while (!Volatile.Read(ref stop))
            {
                int length;
                try
                {
                    length = socket.ReceiveFrom(buffer, ref from);
                }
                catch (SocketException)
                {
                    continue;
                }
                var arrived = KernelReceiveTimestamp.Last(socket) ?? DateTime.UtcNow;
                if (ParseReply(buffer.AsSpan(0, length), identifier) is not { } sequence || sequence >= options.Count
                    || !((IPEndPoint)from).Address.Equals(target))
                {
                    continue;
                }
                if (Volatile.Read(ref sentTicks[sequence]) == 0)
                {
                    continue;
                }
                lock (arrivals)
                {
                    arrivals.Add(new LatencySample(sequence, (arrived - sentUtc[sequence]).TotalSeconds));
                }
            }
        }) { IsBackground = true, Name = "icmp-receiver" };
        receiver.Start();
        try
        {
            var start = Stopwatch.GetTimestamp();
            var destination = new IPEndPoint(target, 0);
            for (var i = 0; i < options.Count; i++)
            {
                var due = start + (long)(options.Interval.TotalSeconds * i * Stopwatch.Frequency);
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
                }
                var packet = EchoPacket(identifier, (ushort)i, options.PacketSize);
                sentUtc[i] = DateTime.UtcNow;
                Volatile.Write(ref sentTicks[i], Stopwatch.GetTimestamp());
                await socket.SendToAsync(packet, SocketFlags.None, destination, cancellationToken).ConfigureAwait(false);
            }
            var deadline = Stopwatch.GetTimestamp() + (long)(options.Wait.TotalSeconds * Stopwatch.Frequency);
            while (Stopwatch.GetTimestamp() < deadline)
            {
                lock (arrivals)
                {
                    if (arrivals.Select(a => a.Sequence).Distinct().Count() == options.Count)
                    {
                        break;
                    }
                }
                await Task.Delay(10, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            Volatile.Write(ref stop, true);
            receiver.Join();
        }
        lock (arrivals)
        {
            return LatencyMeasurement.Analyze(options.Count, arrivals);
        }
    }

    internal static byte[] EchoPacket(ushort identifier, ushort sequence, int size)
    {
        var packet = new byte[Math.Max(8, size)];
        packet[0] = EchoRequest;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(4), identifier);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(6), sequence);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), Checksum(packet));
        return packet;
    }

    /// <summary>The sequence number of an echo reply to <paramref name="identifier"/> in an IPv4 packet; null otherwise.</summary>
    internal static uint? ParseReply(ReadOnlySpan<byte> packet, ushort identifier)
    {
        if (packet.Length < 20)
        {
            return null;
        }
        var icmp = packet[((packet[0] & 0x0F) * 4)..];
        if (icmp.Length < 8 || icmp[0] != EchoReply || BinaryPrimitives.ReadUInt16BigEndian(icmp[4..]) != identifier)
        {
            return null;
        }
        return BinaryPrimitives.ReadUInt16BigEndian(icmp[6..]);
    }

    /// <summary>The Internet checksum (RFC 1071): ones' complement of the ones' complement sum of 16-bit words.</summary>
    internal static ushort Checksum(ReadOnlySpan<byte> data)
    {
        uint sum = 0;
        for (var i = 0; i + 1 < data.Length; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(data[i..]);
        }
        if (data.Length % 2 == 1)
        {
            sum += (uint)data[^1] << 8;
        }
        while (sum > 0xFFFF)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }
        return (ushort)~sum;
    }
}
