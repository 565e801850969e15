using System.Buffers.Binary;

namespace Lakemon.Probes.Network;

/// <summary>
/// The unauthenticated Session-Sender test packet of RFC 5357 §4.1.2: Sequence Number (4), Timestamp (8), Error
/// Estimate (2), then padding. lakemon pads to <see cref="MinimumSize"/> at least so that the reflected packet
/// (§4.2.1, 41 bytes of header) has the same length as the request, as §4.2.1 recommends (27 bytes of padding).
/// </summary>
public sealed record TwampTestPacket(uint Sequence, NtpTimestamp Timestamp, TwampErrorEstimate ErrorEstimate)
{
    public const int HeaderSize = 14;

    public const int MinimumSize = TwampReflectedPacket.HeaderSize;

    public byte[] Encode(int size = MinimumSize)
    {
        var packet = new byte[Math.Max(size, MinimumSize)];
        BinaryPrimitives.WriteUInt32BigEndian(packet, Sequence);
        Timestamp.Write(packet.AsSpan(4));
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(12), ErrorEstimate.Encode());
        return packet;
    }

    /// <summary>Null when <paramref name="packet"/> cannot be a lakemon test packet: too short, or a bad Error Estimate.</summary>
    public static TwampTestPacket? TryDecode(ReadOnlySpan<byte> packet)
    {
        if (packet.Length < MinimumSize
            || !TwampErrorEstimate.TryDecode(BinaryPrimitives.ReadUInt16BigEndian(packet[12..]), out var estimate))
        {
            return null;
        }
        return new TwampTestPacket(BinaryPrimitives.ReadUInt32BigEndian(packet), NtpTimestamp.Read(packet[4..]), estimate);
    }
}
