using Lakemon.Probes.Storage.WebDav;

namespace Lakemon.Tests.Storage.WebDav;

public sealed class WebDavDigestTests
{
    [Theory]
    [InlineData("adler32=72608e2a", "adler32", "72608e2a")]
    [InlineData("ADLER32=72608E2A", "adler32", "72608e2a")]
    [InlineData("md5=1B2M2Y8AsgTpgAmY7PhCfg==, adler32=0000abcd", "adler32", "0000abcd")]
    [InlineData("adler32=abcd", "adler32", "0000abcd")]
    [InlineData("md5=1B2M2Y8AsgTpgAmY7PhCfg==", "md5", "d41d8cd98f00b204e9800998ecf8427e")]
    [InlineData("md5=d41d8cd98f00b204e9800998ecf8427e", "md5", "d41d8cd98f00b204e9800998ecf8427e")]
    [InlineData("", "adler32", null)]
    [InlineData("md5=1B2M2Y8AsgTpgAmY7PhCfg==", "adler32", null)]
    [InlineData("adler32=", "adler32", null)]
    [InlineData("adler32=xyz", "adler32", null)]
    [InlineData("adler32=123456789", "adler32", null)]
    public void Parse_DigestHeader_LowerCaseHexOrNull(string header, string algorithm, string? expected) =>
        Assert.Equal(expected, WebDavDigest.Parse(header, algorithm));
}
