using Lakemon.Probes.Storage.XRootD;

namespace Lakemon.Tests.Storage.XRootD;

public class XRootDLocationTests
{
    [Theory]
    [InlineData("root://127.0.0.1:21094//lake/dir/file", "127.0.0.1", 21094, false, "/lake/dir/file", null)]
    [InlineData("roots://eos.example.org//eos/x?authz=abc&a=b", "eos.example.org", 1094, true, "/eos/x", "authz=abc&a=b")]
    [InlineData("root://host:1/single/slash", "host", 1, false, "/single/slash", null)]
    [InlineData("root://[::1]:1095//lake/f%20g", "::1", 1095, false, "/lake/f g", null)]
    [InlineData("root://host:1094/", "host", 1094, false, "/", null)]
    public void Parse_RootUrls_SplitsEndpointPathAndOpaque(string url, string host, int port, bool tls, string path, string? opaque)
    {
        var location = XRootDLocation.Parse(new Uri(url));

        Assert.Equal(new XRootDEndpoint(host, port, tls), location.Endpoint);
        Assert.Equal(path, location.Path);
        Assert.Equal(opaque, location.Opaque);
    }

    [Fact]
    public void PathWithOpaque_AddsCgiAfterTheUsersOwn() =>
        Assert.Equal("/lake/x?a=b&tpc.key=k", XRootDLocation.Parse(new Uri("root://h//lake/x?a=b")).PathWithOpaque("tpc.key=k"));

    [Fact]
    public void Parse_HttpsUrl_IsRejected() =>
        Assert.Throws<ArgumentException>(() => XRootDLocation.Parse(new Uri("https://h/lake/x")));

    [Fact]
    public void HostPort_Ipv6_IsBracketed() =>
        Assert.Equal("[::1]:1094", new XRootDEndpoint("::1", 1094, false).HostPort);
}
