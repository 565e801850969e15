using System.Buffers.Binary;
using System.Net;
using Lakemon.Probes.Network;

namespace Lakemon.Tests.Network;

public sealed class NetworkPartsTests
{
    [Theory]
    [InlineData("example.org", "example.org", 862)]
    [InlineData("10.0.0.1:7000", "10.0.0.1", 7000)]
    [InlineData("[::1]:9", "::1", 9)]
    [InlineData("[fe80::1]", "fe80::1", 862)]
    [InlineData("fe80::1", "fe80::1", 862)]
    public void NetworkEndpoint_TryParse_HostAndPort(string text, string host, int port)
    {
        Assert.True(NetworkEndpoint.TryParse(text, 862, out var parsedHost, out var parsedPort, out var error), error);
        Assert.Equal(host, parsedHost);
        Assert.Equal(port, parsedPort);
    }

    [Theory]
    [InlineData("host:x")]
    [InlineData("host:70000")]
    [InlineData(":80")]
    [InlineData("[::1")]
    public void NetworkEndpoint_TryParse_Malformed_Refused(string text)
    {
        Assert.False(NetworkEndpoint.TryParse(text, 862, out _, out _, out var error));
        Assert.NotNull(error);
    }

    [Fact]
    public void TcpInfo_Parse_ReadsRttAndTotalRetransFromLinuxOffsets()
    {
        var info = new byte[232];
        BinaryPrimitives.WriteUInt32LittleEndian(info.AsSpan(68), 1500);
        BinaryPrimitives.WriteUInt32LittleEndian(info.AsSpan(100), 17);

        var parsed = TcpInfo.Parse(info);

        Assert.Equal(TimeSpan.FromMicroseconds(1500), parsed.SmoothedRtt);
        Assert.Equal(17, parsed.TotalRetransmits);
    }

    [Fact]
    public void Fingerprint_DependsOnHopsAndOrderOnly()
    {
        var a = new TraceResult([new TraceHop(1, IPAddress.Parse("10.0.0.1"), [0.001]), new TraceHop(2, IPAddress.Parse("10.0.0.2"), [0.002])], true);
        var sameSlower = new TraceResult([new TraceHop(1, IPAddress.Parse("10.0.0.1"), [0.5]), new TraceHop(2, IPAddress.Parse("10.0.0.2"), [])], true);
        var swapped = new TraceResult([new TraceHop(1, IPAddress.Parse("10.0.0.2"), [0.001]), new TraceHop(2, IPAddress.Parse("10.0.0.1"), [0.002])], true);
        var silent = new TraceResult([new TraceHop(1, null, []), new TraceHop(2, IPAddress.Parse("10.0.0.2"), [0.002])], true);

        Assert.Equal(a.Fingerprint, sameSlower.Fingerprint);
        Assert.NotEqual(a.Fingerprint, swapped.Fingerprint);
        Assert.NotEqual(a.Fingerprint, silent.Fingerprint);
        Assert.Equal(16, a.Fingerprint.Length);
    }

    [Fact]
    public void PathChangeTracker_FirstTraceIsBaselineThenChangesCount()
    {
        var tracker = new PathChangeTracker();

        Assert.False(tracker.Observe("S1", "S2", "aaaa"));
        Assert.False(tracker.Observe("S1", "S2", "aaaa"));
        Assert.True(tracker.Observe("S1", "S2", "bbbb"));
        Assert.True(tracker.Observe("S1", "S2", "aaaa"));
        Assert.False(tracker.Observe("S2", "S1", "cccc"));

        Assert.Equal(2, tracker.Changes("S1", "S2"));
        Assert.Equal(0, tracker.Changes("S2", "S1"));
    }

    [Fact]
    public void TracerouteMatch_TimeExceededQuotingOurProbe_Matches()
    {
        var packet = IcmpError(type: 11, code: 0, sourcePort: 40000, destinationPort: 33435);

        Assert.Equal(11, Traceroute.Match(packet, 40000, 33435));
        Assert.Null(Traceroute.Match(packet, 40000, 33436));
        Assert.Null(Traceroute.Match(packet, 40001, 33435));
        Assert.Equal(3, Traceroute.Match(IcmpError(3, 3, 40000, 33435), 40000, 33435));
        Assert.Null(Traceroute.Match(IcmpError(3, 1, 40000, 33435), 40000, 33435));
        Assert.Null(Traceroute.Match(packet.AsSpan(0, 30), 40000, 33435));
    }

    [Fact]
    public void IcmpEcho_Packet_HasTypeIdSequenceAndAValidChecksum()
    {
        var packet = IcmpEchoSender.EchoPacket(0x1234, 7, 16);

        Assert.Equal(8, packet[0]);
        Assert.Equal(0x1234, BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(4)));
        Assert.Equal(7, BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(6)));
        // RFC 1071: the checksum over a packet that contains its checksum is 0.
        Assert.Equal(0, IcmpEchoSender.Checksum(packet));
    }

    [Fact]
    public void IcmpEcho_Checksum_Rfc1071Example()
    {
        // RFC 1071 §3: the words 0001 f203 f4f5 f6f7 sum to ddf2 (ones' complement), so the checksum is 220d.
        Assert.Equal(0x220d, IcmpEchoSender.Checksum([0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7]));
    }

    [Fact]
    public void IcmpEcho_ParseReply_OnlyOurEchoReplies()
    {
        var reply = new byte[28];
        reply[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(reply.AsSpan(24), 0x1234);
        BinaryPrimitives.WriteUInt16BigEndian(reply.AsSpan(26), 9);

        Assert.Equal(9u, IcmpEchoSender.ParseReply(reply, 0x1234));
        Assert.Null(IcmpEchoSender.ParseReply(reply, 0x4321));
        reply[20] = 8;
        Assert.Null(IcmpEchoSender.ParseReply(reply, 0x1234));
    }

    [Fact]
    public void Iperf3Parse_Report_ReceiverRateSenderRetransmitsAndMeanRtt()
    {
        const string report = """
            {"start":{},"intervals":[],"end":{
              "streams":[{"sender":{"bytes":1000,"mean_rtt":1500}},{"sender":{"bytes":1000,"mean_rtt":2500}}],
              "sum_sent":{"bytes":25100000,"seconds":5.0,"bits_per_second":40160000,"retransmits":7},
              "sum_received":{"bytes":25000000,"seconds":5.0,"bits_per_second":40000000}}}
            """;

        var measurement = Iperf3Client.Parse(report, 2, TimeSpan.FromSeconds(5.1));

        Assert.Equal(Lakemon.Probes.Results.ProbeStatus.Ok, measurement.Status);
        Assert.Equal(40_000_000, measurement.BitsPerSecond, 6);
        Assert.Equal(7, measurement.Retransmits);
        Assert.Equal(0.002, measurement.RttSeconds!.Value, 9);
    }

    [Fact]
    public void Iperf3Parse_ErrorReport_IsUnknownConnect()
    {
        var measurement = Iperf3Client.Parse("""{"start":{},"error":"error - unable to connect to server: Connection refused"}""", 1, TimeSpan.FromSeconds(1));

        Assert.Equal(Lakemon.Probes.Results.ProbeStatus.Unknown, measurement.Status);
        Assert.Equal(Lakemon.Probes.Results.FailureKind.Connect, measurement.FailureKind);
    }

    private static byte[] IcmpError(byte type, byte code, int sourcePort, int destinationPort)
    {
        var packet = new byte[20 + 8 + 20 + 8];
        packet[0] = 0x45;
        packet[9] = 1;
        packet[20] = type;
        packet[21] = code;
        packet[28] = 0x45;
        packet[28 + 9] = 17;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(48), (ushort)sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(50), (ushort)destinationPort);
        return packet;
    }
}
