using System.Buffers.Binary;

namespace Lakemon.Probes.Network;

/// <summary>
/// The unauthenticated Session-Reflector test packet of RFC 5357 §4.2.1: the reflector's Sequence Number (4),
/// Timestamp (8, when it sent), Error Estimate (2), MBZ (2), Receive Timestamp (8), then the sender's Sequence Number
/// (4), Timestamp (8), Error Estimate (2), MBZ (2) and the TTL it arrived with (1), then padding.
/// </summary>
public sealed record TwampReflectedPacket(
    uint Sequence,
    NtpTimestamp Timestamp,
    TwampErrorEstimate ErrorEstimate,
    NtpTimestamp ReceiveTimestamp,
    uint SenderSequence,
    NtpTimestamp SenderTimestamp,
    TwampErrorEstimate SenderErrorEstimate,
    byte SenderTtl)
{
    public const int HeaderSize = 41;

    public byte[] Encode(int size = HeaderSize)
    {
        var packet = new byte[Math.Max(size, HeaderSize)];
        WriteHeader(packet);
        return packet;
    }

    /// <summary>Writes the 41-byte header over the start of <paramref name="packet"/>; padding stays as it is.</summary>
    public void WriteHeader(Span<byte> packet)
    {
        BinaryPrimitives.WriteUInt32BigEndian(packet, Sequence);
        Timestamp.Write(packet[4..]);
        BinaryPrimitives.WriteUInt16BigEndian(packet[12..], ErrorEstimate.Encode());
        packet[14] = 0;
        packet[15] = 0;
        ReceiveTimestamp.Write(packet[16..]);
        BinaryPrimitives.WriteUInt32BigEndian(packet[24..], SenderSequence);
        SenderTimestamp.Write(packet[28..]);
        BinaryPrimitives.WriteUInt16BigEndian(packet[36..], SenderErrorEstimate.Encode());
        packet[38] = 0;
        packet[39] = 0;
        packet[40] = SenderTtl;
    }

    public static TwampReflectedPacket? TryDecode(ReadOnlySpan<byte> packet)
    {
        if (packet.Length < HeaderSize
            || !TwampErrorEstimate.TryDecode(BinaryPrimitives.ReadUInt16BigEndian(packet[12..]), out var estimate)
            || !TwampErrorEstimate.TryDecode(BinaryPrimitives.ReadUInt16BigEndian(packet[36..]), out var senderEstimate))
        {
            return null;
        }
        return new TwampReflectedPacket(
            BinaryPrimitives.ReadUInt32BigEndian(packet),
            NtpTimestamp.Read(packet[4..]),
            estimate,
            NtpTimestamp.Read(packet[16..]),
            BinaryPrimitives.ReadUInt32BigEndian(packet[24..]),
            NtpTimestamp.Read(packet[28..]),
            senderEstimate,
            packet[40]);
    }
}
