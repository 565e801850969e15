using System.Buffers.Binary;
using System.Text;
using Lakemon.Probes.Results;
using Lakemon.Probes.Storage;
using Lakemon.Probes.Storage.XRootD;

namespace Lakemon.Tests.Storage.XRootD;

public class XRootDResponseParserTests
{
    [Fact]
    public void ParseStat_ServerText_GivesSizeTimeAndKind()
    {
        var stat = XRootDResponseParser.ParseStat("140737488355330 1048583 48 1700000000");
        var directory = XRootDResponseParser.ParseStat("1 4096 51 1700000001 extra fields ignored");

        Assert.Equal(new StorageStat(true, 1_048_583, DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), false), stat);
        Assert.True(directory.IsDirectory);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1 2 3")]
    [InlineData("1 -2 0 0")]
    [InlineData("1 x 0 0")]
    [InlineData("1 2 0 99999999999999999999")]
    public void ParseStat_Malformed_IsProtocolError(string text) =>
        Assert.Equal(FailureKind.ProtocolError, Assert.Throws<StorageException>(() => XRootDResponseParser.ParseStat(text)).Kind);

    [Fact]
    public void ParseDirectoryList_WithDstat_PairsNamesAndStats()
    {
        var entries = XRootDResponseParser.ParseDirectoryList(".\n0 0 0 0\nfile.bin\n1 10 48 1700000000\nsub\n2 4096 51 1700000001\n");

        Assert.Equal(
            [new StorageEntry("file.bin", false, 10, DateTimeOffset.FromUnixTimeSeconds(1_700_000_000)), new StorageEntry("sub", true, 4096, DateTimeOffset.FromUnixTimeSeconds(1_700_000_001))],
            entries);
    }

    [Fact]
    public void ParseDirectoryList_NamesOnly_GivesNamesWithoutStat() =>
        Assert.Equal(["a", "b"], XRootDResponseParser.ParseDirectoryList("a\nb\n").Select(e => e.Name));

    [Fact]
    public void MultiPartText_PartsEndingInNul_AreSeparatedLikeLines() =>
        Assert.Equal(["a", "b"], XRootDResponseParser.ParseDirectoryList(XRootDResponseParser.MultiPartText("a\0b\0"u8)).Select(e => e.Name));

    [Fact]
    public void ParseChecksum_ServerAnswer_GivesAlgorithmAndLowerCaseValue() =>
        Assert.Equal(("adler32", "0a1b2c3d"), XRootDResponseParser.ParseChecksum("adler32 0A1B2C3D"));

    [Theory]
    [InlineData("adler32")]
    [InlineData("adler32 zzzz")]
    [InlineData("")]
    public void ParseChecksum_Malformed_IsProtocolError(string text) =>
        Assert.Equal(FailureKind.ProtocolError, Assert.Throws<StorageException>(() => XRootDResponseParser.ParseChecksum(text)).Kind);

    [Fact]
    public void ParseRedirect_HostPortAndOpaque_SplitsThem()
    {
        var redirect = XRootDResponseParser.ParseRedirect(Redirect(1095, "data.example.org?tried=a&x=1\0"));

        Assert.Equal(new XRootDRedirect("data.example.org", 1095, "tried=a&x=1"), redirect);
    }

    [Fact]
    public void ParseRedirect_NegativePortWithUrl_TakesHostAndPortFromTheUrl() =>
        Assert.Equal(new XRootDRedirect("host.example.org", 2094, null), XRootDResponseParser.ParseRedirect(Redirect(-1, "root://host.example.org:2094/")));

    [Theory]
    [InlineData(1094, "")]
    [InlineData(70000, "host")]
    [InlineData(1094, "bad host name!")]
    [InlineData(-1, "not a url")]
    public void ParseRedirect_Malformed_IsProtocolError(int port, string host) =>
        Assert.Equal(FailureKind.ProtocolError, Assert.Throws<StorageException>(() => XRootDResponseParser.ParseRedirect(Redirect(port, host))).Kind);

    [Fact]
    public void ParseError_CodeAndCString_GivesBoth()
    {
        var body = new byte[4 + 6];
        BinaryPrimitives.WriteInt32BigEndian(body, 3011);
        "gone\0x"u8.CopyTo(body.AsSpan(4));

        Assert.Equal(new XRootDError(3011, "gone"), XRootDResponseParser.ParseError(body));
    }

    [Fact]
    public void ParseOpen_WithRetstat_GivesHandleAndStat()
    {
        var body = new byte[12].Concat("1 77 48 1700000000\0"u8.ToArray()).ToArray();
        BinaryPrimitives.WriteUInt32BigEndian(body, 0x01020304);

        var (handle, stat) = XRootDResponseParser.ParseOpen(body);

        Assert.Equal(0x01020304u, handle);
        Assert.Equal(77, stat!.Size);
    }

    private static byte[] Redirect(int port, string host)
    {
        var text = Encoding.ASCII.GetBytes(host);
        var body = new byte[4 + text.Length];
        BinaryPrimitives.WriteInt32BigEndian(body, port);
        text.CopyTo(body, 4);
        return body;
    }

    [Theory]
    [InlineData("oss.cgroup=public&oss.space=1048576&oss.free=0&oss.maxf=0&oss.used=1048576&oss.quota=-1", 0L)]
    [InlineData("oss.cgroup=public&oss.space=9&oss.free=123456789012&oss.used=1", 123456789012L)]
    [InlineData("oss.cgroup=public&oss.space=9", null)]
    [InlineData("oss.free=-5", null)]
    [InlineData("", null)]
    public void ParseFreeSpace_QuerySpaceAnswer_FreeBytesOrNull(string text, long? expected) =>
        Assert.Equal(expected, XRootDResponseParser.ParseFreeSpace(text));
}
