using Lakemon.Probes.Storage.WebDav;

namespace Lakemon.Tests.Storage.WebDav;

public sealed class WebDavClientUrlTests
{
    [Theory]
    [InlineData("davs://door.example.org:2880/pnfs/a%20b.bin", "https://door.example.org:2880/pnfs/a%20b.bin")]
    [InlineData("davs://door.example.org/pnfs/x", "https://door.example.org/pnfs/x")]
    [InlineData("https://127.0.0.1:8443/lake/x", "https://127.0.0.1:8443/lake/x")]
    [InlineData("http://127.0.0.1:8000/lake/x", "http://127.0.0.1:8000/lake/x")]
    public void ToHttp_WebDavSchemes_WireUrl(string url, string expected) =>
        Assert.Equal(expected, WebDavClient.ToHttp(new Uri(url)).AbsoluteUri);

    [Theory]
    [InlineData("root://127.0.0.1:1094//lake/x")]
    [InlineData("file:///tmp/x")]
    public void ToHttp_OtherSchemes_ThrowArgumentException(string url) =>
        Assert.Throws<ArgumentException>(() => WebDavClient.ToHttp(new Uri(url)));

    [Theory]
    [InlineData("https://h:1/lake/a/b.bin", "https://h:1/lake/a/")]
    [InlineData("https://h:1/lake/a/", "https://h:1/lake/")]
    [InlineData("https://h:1/lake/a", "https://h:1/lake/")]
    public void Parent_Url_IsTheContainingCollection(string url, string expected) =>
        Assert.Equal(expected, WebDavClient.Parent(new Uri(url)).AbsoluteUri);
}
