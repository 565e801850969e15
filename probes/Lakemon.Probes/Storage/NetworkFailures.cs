using System.Net.Http;
using System.Net.Sockets;
using System.Security.Authentication;
using Lakemon.Probes.Results;

namespace Lakemon.Probes.Storage;

/// <summary>
/// The part of every protocol's failure table that comes from the network stack rather than from the protocol:
/// sockets, name resolution, TLS, truncated streams. Protocol tables consult this first, then map their own codes.
/// </summary>
public static class NetworkFailures
{
    /// <summary>The failure kind of a transport-level exception, or null when it is not one.</summary>
    public static FailureKind? Classify(Exception exception) => exception switch
    {
        StorageException storage => storage.Kind,
        AuthenticationException => FailureKind.Tls,
        SocketException socket => Classify(socket.SocketErrorCode),
        HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError } => FailureKind.Tls,
        HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError } http =>
            http.InnerException is { } inner && Classify(inner) is { } innerKind ? innerKind : FailureKind.Connect,
        HttpRequestException { HttpRequestError: HttpRequestError.ResponseEnded or HttpRequestError.InvalidResponse } => FailureKind.ProtocolError,
        EndOfStreamException => FailureKind.ProtocolError,
        TimeoutException => FailureKind.Timeout,
        IOException { InnerException: { } inner } => Classify(inner),
        // What HttpClient wraps comes from the connection, never from a local file: an I/O failure there that is not a
        // socket error is the server's stream going wrong, e.g. a TLS record that does not decrypt ("bad record mac",
        // seen from XRootD 5.5 when two of its threads write one connection).
        HttpRequestException { InnerException: { } inner } => Classify(inner) ?? (inner is IOException ? FailureKind.ProtocolError : null),
        _ => null,
    };

    public static FailureKind Classify(SocketError error) => error switch
    {
        SocketError.TimedOut => FailureKind.Timeout,
        SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown => FailureKind.ProtocolError,
        _ => FailureKind.Connect,
    };
}
