using System.Text;
using System.Xml;
using Lakemon.Probes.Storage.WebDav;

namespace Lakemon.Tests.Storage.WebDav;

public sealed class WebDavMultiStatusTests
{
    // Shortened from xrootd 5.5.3: other prefixes for DAV:, unencoded hrefs, the directory itself first.
    private const string Xrootd = """
        <?xml version="1.0" encoding="utf-8"?>
        <D:multistatus xmlns:D="DAV:" xmlns:ns1="http://apache.org/dav/props/" xmlns:ns0="DAV:">
        <D:response xmlns:lp1="DAV:" xmlns:lp2="http://apache.org/dav/props/" xmlns:lp3="LCGDM:">
        <D:href>/lake/x/y</D:href>
        <D:propstat><D:prop>
        <lp1:getcontentlength>4096</lp1:getcontentlength>
        <lp1:getlastmodified>Fri, 27 Nov 2026 16:40:49 GMT</lp1:getlastmodified>
        <lp1:resourcetype><D:collection/></lp1:resourcetype>
        </D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat>
        </D:response>
        <D:response xmlns:lp1="DAV:">
        <D:href>/lake/x/y/g h.bin</D:href>
        <D:propstat><D:prop>
        <lp1:getcontentlength>100000</lp1:getcontentlength>
        <lp1:getlastmodified>Fri, 27 Nov 2026 16:40:49 GMT</lp1:getlastmodified>
        <lp1:iscollection>0</lp1:iscollection>
        </D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat>
        </D:response>
        </D:multistatus>
        """;

    // dCache/Apache style: full URLs, percent-encoding, a 404 propstat for a property it does not have.
    private const string Apache = """
        <?xml version="1.0"?>
        <multistatus xmlns="DAV:">
          <response>
            <href>https://door.example.org:2880/pnfs/d/a%20b%C3%BC.bin</href>
            <propstat><prop><getcontentlength>12</getcontentlength><resourcetype/></prop><status>HTTP/1.1 200 OK</status></propstat>
            <propstat><prop><getlastmodified/></prop><status>HTTP/1.1 404 Not Found</status></propstat>
          </response>
          <response>
            <href>/pnfs/d/sub/</href>
            <propstat><prop><resourcetype><collection/></resourcetype></prop><status>HTTP/1.1 200 OK</status></propstat>
          </response>
        </multistatus>
        """;

    [Fact]
    public async Task ReadAsync_XrootdListing_ParsesPathsKindsSizesAndTimes()
    {
        var resources = await ReadAsync(Xrootd);

        Assert.Equal(2, resources.Count);
        Assert.Equal(new WebDavResource("/lake/x/y", true, 4096, new DateTimeOffset(2026, 11, 27, 16, 40, 49, TimeSpan.Zero)), resources[0]);
        Assert.Equal(new WebDavResource("/lake/x/y/g h.bin", false, 100000, new DateTimeOffset(2026, 11, 27, 16, 40, 49, TimeSpan.Zero)), resources[1]);
    }

    [Fact]
    public async Task ReadAsync_EncodedFullUrlHrefsAnd404Propstat_DecodesAndIgnoresMissingProps()
    {
        var resources = await ReadAsync(Apache);

        Assert.Equal(new WebDavResource("/pnfs/d/a bü.bin", false, 12, null), resources[0]);
        Assert.Equal(new WebDavResource("/pnfs/d/sub", true, null, null), resources[1]);
    }

    [Theory]
    [InlineData("<html><body>Not a listing</body></html>")]
    [InlineData("<?xml version=\"1.0\"?><D:multistatus xmlns:D=\"DAV:\"><D:response>")]
    [InlineData("<!DOCTYPE x [<!ENTITY a \"aaaa\">]><multistatus xmlns=\"DAV:\">&a;</multistatus>")]
    [InlineData("")]
    public async Task ReadAsync_NotAMultistatus_ThrowsXmlException(string body) =>
        await Assert.ThrowsAnyAsync<XmlException>(() => ReadAsync(body));

    private static async Task<IReadOnlyList<WebDavResource>> ReadAsync(string xml) =>
        await WebDavMultiStatus.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(xml)), CancellationToken.None);
}
