using Lakemon.Probes.Network;

namespace Lakemon.Tests.Network;

public sealed class TwampPacketTests
{
    [Fact]
    public void NtpTimestamp_UnixEpoch_Is2208988800Seconds()
    {
        var timestamp = NtpTimestamp.FromDateTime(DateTime.UnixEpoch.AddSeconds(0.5));

        Assert.Equal(2_208_988_800u, timestamp.Seconds);
        Assert.Equal(0x8000_0000u, timestamp.Fraction);
        Assert.Equal(DateTime.UnixEpoch.AddSeconds(0.5), timestamp.ToDateTime());
    }

    [Fact]
    public void NtpTimestamp_RoundTrip_KeepsTickPrecision()
    {
        var now = new DateTime(2026, 11, 29, 7, 3, 37, DateTimeKind.Utc).AddTicks(1_234_567);

        var back = NtpTimestamp.FromDateTime(now).ToDateTime();

        Assert.InRange((back - now).Ticks, -1, 1);
    }

    [Fact]
    public void ErrorEstimate_SynchronizedScaleMultiplier_EncodesRfc4656Bits()
    {
        Assert.Equal(0x9601, new TwampErrorEstimate(true, 22, 1).Encode());
        Assert.Equal(0x1601, new TwampErrorEstimate(false, 22, 1).Encode());
        Assert.False(TwampErrorEstimate.TryDecode(0x9600, out _));
        Assert.False(TwampErrorEstimate.TryDecode(0x5601, out _));
    }

    [Fact]
    public void SenderPacket_Encode_FollowsRfc5357Section412Layout()
    {
        var packet = new TwampTestPacket(0x01020304, new NtpTimestamp(0x0A0B0C0D, 0x11121314), new TwampErrorEstimate(true, 1, 2)).Encode();

        Assert.Equal(41, packet.Length);
        Assert.Equal(new byte[] { 1, 2, 3, 4, 0x0A, 0x0B, 0x0C, 0x0D, 0x11, 0x12, 0x13, 0x14, 0x81, 0x02 }, packet[..14]);
        Assert.All(packet[14..], b => Assert.Equal(0, b));
    }

    [Fact]
    public void SenderPacket_Decode_RoundTripsAndRefusesShortOrZeroed()
    {
        var sent = new TwampTestPacket(7, new NtpTimestamp(3_900_000_000, 42), TwampErrorEstimate.Default(false));

        Assert.Equal(sent, TwampTestPacket.TryDecode(sent.Encode(100)));
        Assert.Null(TwampTestPacket.TryDecode(sent.Encode()[..40]));
        Assert.Null(TwampTestPacket.TryDecode(new byte[64]));
        Assert.Null(TwampTestPacket.TryDecode([]));
    }

    [Fact]
    public void ReflectedPacket_Encode_PutsSenderFieldsAtRfc5357Section421Offsets()
    {
        var reflected = new TwampReflectedPacket(
            9, new NtpTimestamp(100, 200), TwampErrorEstimate.Default(true), new NtpTimestamp(100, 150),
            0xAABBCCDD, new NtpTimestamp(99, 1), TwampErrorEstimate.Default(false), 64);

        var packet = reflected.Encode();

        Assert.Equal(41, packet.Length);
        Assert.Equal(new byte[] { 0, 0, 0, 9 }, packet[..4]);
        Assert.Equal(new byte[] { 0, 0 }, packet[14..16]);
        Assert.Equal(new byte[] { 0, 0, 0, 100, 0, 0, 0, 150 }, packet[16..24]);
        Assert.Equal(new byte[] { 0xAA, 0xBB, 0xCC, 0xDD }, packet[24..28]);
        Assert.Equal(new byte[] { 0, 0, 0, 99, 0, 0, 0, 1 }, packet[28..36]);
        Assert.Equal(64, packet[40]);
        Assert.Equal(reflected, TwampReflectedPacket.TryDecode(packet));
    }

    [Fact]
    public void ReflectedPacket_WriteHeader_KeepsTheRequestsPadding()
    {
        var request = new TwampTestPacket(1, new NtpTimestamp(1, 1), TwampErrorEstimate.Default(false)).Encode(60);
        request[59] = 0x5A;

        new TwampReflectedPacket(0, new NtpTimestamp(2, 0), TwampErrorEstimate.Default(false), new NtpTimestamp(2, 0),
            1, new NtpTimestamp(1, 1), TwampErrorEstimate.Default(false), 255).WriteHeader(request);

        Assert.Equal(0x5A, request[59]);
        Assert.Equal(1u, TwampReflectedPacket.TryDecode(request)!.SenderSequence);
    }
}
