using Lakemon.Probes.Storage.WebDav;

namespace Lakemon.Tests.Storage.WebDav;

/// <summary>Which response heads the libssl download path takes itself: only a plain 200 with one Content-Length;
/// anything else goes back to HttpClient, which knows redirects, codings and error bodies.</summary>
public class LibSslTransferHeadTests
{
    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 1234\r\nServer: XrootD/v5.5.3", 1234L)]
    [InlineData("HTTP/1.0 200 OK\r\ncontent-length:0", 0L)]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: close", 5L)]
    [InlineData("HTTP/1.1 200 OK\r\nConnection: close", null)]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 5", null)]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: -5", null)]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 5x", null)]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 5", null)]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: 5", null)]
    [InlineData("HTTP/1.1 302 Found\r\nLocation: https://elsewhere/f\r\nContent-Length: 0", null)]
    [InlineData("HTTP/1.1 404 Not Found\r\nContent-Length: 9", null)]
    [InlineData("HTTP/2 200\r\nContent-Length: 5", null)]
    [InlineData("SSH-2.0-OpenSSH_9.2", null)]
    [InlineData("HTTP/1.1 200 OK\r\nbroken header line\r\nContent-Length: 5", null)]
    public void OkContentLength_Head_TakesOnlyAPlain200WithALength(string head, long? expected)
    {
        Assert.Equal(expected, LibSslTransfer.OkContentLength(head));
    }
}
