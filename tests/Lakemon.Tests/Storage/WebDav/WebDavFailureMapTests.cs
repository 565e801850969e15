using System.Security.Cryptography;
using System.Net.Http;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Xml;
using Lakemon.Probes.Results;
using Lakemon.Probes.Storage;
using Lakemon.Probes.Storage.WebDav;

namespace Lakemon.Tests.Storage.WebDav;

public sealed class WebDavFailureMapTests
{
    [Theory]
    [InlineData(401, FailureKind.Auth)]
    [InlineData(403, FailureKind.Auth)]
    [InlineData(404, FailureKind.NotFound)]
    [InlineData(410, FailureKind.NotFound)]
    [InlineData(409, FailureKind.NotFound)]
    [InlineData(413, FailureKind.NoSpace)]
    [InlineData(507, FailureKind.NoSpace)]
    [InlineData(408, FailureKind.Timeout)]
    [InlineData(429, FailureKind.ServerError)]
    [InlineData(500, FailureKind.ServerError)]
    [InlineData(502, FailureKind.ServerError)]
    [InlineData(503, FailureKind.ServerError)]
    [InlineData(504, FailureKind.ServerError)]
    [InlineData(599, FailureKind.ServerError)]
    [InlineData(400, FailureKind.ProtocolError)]
    [InlineData(405, FailureKind.ProtocolError)]
    [InlineData(412, FailureKind.ProtocolError)]
    [InlineData(416, FailureKind.ProtocolError)]
    [InlineData(302, FailureKind.ProtocolError)]
    [InlineData(204, FailureKind.ProtocolError)]
    [InlineData(600, FailureKind.ProtocolError)]
    [InlineData(0, FailureKind.ProtocolError)]
    public void FromStatus_UnexpectedStatus_MapsToKind(int status, FailureKind expected) =>
        Assert.Equal(expected, WebDavFailureMap.FromStatus(status));

    [Theory]
    [InlineData(null, "failure: Remote side failed with status code 404; error message: \"Unable to open /lake/x; no such file or directory \"", FailureKind.NotFound)]
    [InlineData(null, "failure: Couldn't connect to server", FailureKind.TpcFailed)]
    [InlineData(null, "failure: Remote side failed with status code 500", FailureKind.TpcFailed)]
    [InlineData(null, "failure: source file does not exist", FailureKind.NotFound)]
    [InlineData(400, "Unable to open /lake/missing; no such file or directory", FailureKind.NotFound)]
    [InlineData(400, "Unable to create /lake/pok/f; permission denied", FailureKind.TpcFailed)]
    [InlineData(412, "Unable to create /lake/pok/f; file exists", FailureKind.TpcFailed)]
    [InlineData(403, "forbidden", FailureKind.Auth)]
    [InlineData(404, "", FailureKind.NotFound)]
    [InlineData(507, "", FailureKind.NoSpace)]
    [InlineData(500, "", FailureKind.ServerError)]
    public void FromCopyFailure_StatusAndText_MapsToKind(int? status, string text, FailureKind expected) =>
        Assert.Equal(expected, WebDavFailureMap.FromCopyFailure(status, text));

    public static TheoryData<Exception, FailureKind?> Exceptions() => new()
    {
        { new HttpRequestException(HttpRequestError.ConnectionError, "refused", new SocketException((int)SocketError.ConnectionRefused)), FailureKind.Connect },
        { new HttpRequestException(HttpRequestError.NameResolutionError, "no such host", new SocketException((int)SocketError.HostNotFound)), FailureKind.Connect },
        { new HttpRequestException(HttpRequestError.SecureConnectionError, "ssl", new AuthenticationException("untrusted")), FailureKind.Tls },
        { new HttpRequestException(HttpRequestError.ResponseEnded, "ended"), FailureKind.ProtocolError },
        { new HttpRequestException(HttpRequestError.InvalidResponse, "garbage"), FailureKind.ProtocolError },
        { new HttpRequestException(HttpRequestError.ProxyTunnelError, "proxy"), FailureKind.Connect },
        { new HttpRequestException(HttpRequestError.UserAuthenticationError, "auth"), FailureKind.Auth },
        { new HttpRequestException(HttpRequestError.ConfigurationLimitExceeded, "headers too long"), FailureKind.ProtocolError },
        { new HttpIOException(HttpRequestError.ResponseEnded, "body ended early"), FailureKind.ProtocolError },
        { new IOException("reset", new SocketException((int)SocketError.ConnectionReset)), FailureKind.ProtocolError },
        { new IOException("timed out", new SocketException((int)SocketError.TimedOut)), FailureKind.Timeout },
        { new XmlException("bad multistatus"), FailureKind.ProtocolError },
        // A TLS record that does not decrypt after the handshake (XRootD 5.5 writing one connection from two threads).
        { new HttpRequestException(HttpRequestError.Unknown, "sending", new IOException("The decryption operation failed", new CryptographicException("bad record mac"))), FailureKind.ProtocolError },
        { new HttpRequestException(HttpRequestError.Unknown, "sending", new InvalidOperationException("bug")), null },
        { new TaskCanceledException("HttpClient.Timeout", new TimeoutException()), FailureKind.Timeout },
        { new StorageException(FailureKind.NoSpace, "already mapped"), FailureKind.NoSpace },
        // Caller cancellation and bugs are not storage failures: they propagate.
        { new OperationCanceledException(), null },
        { new TaskCanceledException(), null },
        { new InvalidOperationException("bug"), null },
        { new NullReferenceException(), null },
    };

    [Theory]
    [MemberData(nameof(Exceptions))]
    public void FromException_Exception_MapsToKindOrNull(Exception exception, FailureKind? expected) =>
        Assert.Equal(expected, WebDavFailureMap.FromException(exception));
}
