using System.Buffers.Binary;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using Lakemon.Probes.Results;
using Lakemon.Probes.Tls;
using static Lakemon.Probes.Storage.XRootD.XRootDProtocol;

namespace Lakemon.Probes.Storage.XRootD;

/// <summary>
/// One logged-in XRootD connection: TCP connect, handshake + kXR_protocol in one write (as XrdCl does), a switch to
/// TLS when the URL is roots:// or the server demands it (kXR_gotoTLS / kXR_tlsLogin / kXR_tlsSess), then kXR_login.
/// Requests are written here; responses are read through <see cref="Reader"/>. Not thread-safe: one operation owns it.
/// </summary>
internal sealed class XRootDConnection : IAsyncDisposable
{
    /// <summary>Name sent in kXR_login (at most 8 bytes); the server's trace id becomes lakemon.pid:fd@host.</summary>
    public const string UserName = "lakemon";

    /// <summary>How often the server may answer kXR_wait to one request before we give up.</summary>
    public const int MaxWaits = 10;

    /// <summary>Longest single kXR_wait we honour; the caller's token bounds the total.</summary>
    public static readonly TimeSpan MaxWaitDelay = TimeSpan.FromSeconds(30);

    private readonly Socket _socket;
    private readonly byte[] _header = new byte[RequestHeaderLength];
    private Stream _stream;
    private ushort _nextStreamId;

    private XRootDConnection(XRootDEndpoint endpoint, Socket socket)
    {
        Endpoint = endpoint;
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        Reader = new XRootDResponseReader(_stream);
    }

    public XRootDEndpoint Endpoint { get; }
    public XRootDResponseReader Reader { get; private set; }
    public uint ServerFlags { get; private set; }
    public int ServerProtocolVersion { get; private set; }
    public bool Encrypted => _stream is SslStream;

    /// <summary>Connects and handshakes (phase connect), switches to TLS when needed (tls), logs in (login).</summary>
    public static async Task<XRootDConnection> OpenAsync(XRootDEndpoint endpoint, CaTrust? trust, PhaseRecorder phases, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        XRootDConnection? connection = null;
        try
        {
            using (phases.Start(PhaseNames.Connect))
            {
                await socket.ConnectAsync(endpoint.Host, endpoint.Port, cancellationToken);
                connection = new XRootDConnection(endpoint, socket);
                await connection.HelloAsync(cancellationToken);
            }
            if (endpoint.Tls || (connection.ServerFlags & (ServerGotoTls | ServerTlsLogin)) != 0)
            {
                await connection.StartTlsAsync(trust, phases, cancellationToken);
            }
            using (phases.Start(PhaseNames.Login))
            {
                await connection.LoginAsync(cancellationToken);
            }
            if (!connection.Encrypted && (connection.ServerFlags & ServerTlsSession) != 0)
            {
                await connection.StartTlsAsync(trust, phases, cancellationToken);
            }
            return connection;
        }
        catch
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }
            else
            {
                socket.Dispose();
            }
            throw;
        }
    }

    public ushort NextStreamId()
    {
        // Stream id 0 is what the server uses for unsolicited kXR_attn; never hand it out.
        _nextStreamId = _nextStreamId == ushort.MaxValue ? (ushort)1 : (ushort)(_nextStreamId + 1);
        return _nextStreamId;
    }

    public async ValueTask SendAsync(ushort streamId, XRootDRequest request, CancellationToken cancellationToken) =>
        await SendAsync(streamId, request.RequestId, request.Parameters, request.Data, cancellationToken);

    /// <summary>Writes one request. Small data travels in the header's write; large data (file chunks) is written
    /// from the caller's buffer without a copy.</summary>
    public async ValueTask SendAsync(ushort streamId, ushort requestId, ReadOnlyMemory<byte> parameters, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        if (data.Length > 0 && data.Length <= 4096)
        {
            var combined = new byte[RequestHeaderLength + data.Length];
            XRootDRequest.WriteHeader(combined, streamId, requestId, parameters.Span, data.Length);
            data.CopyTo(combined.AsMemory(RequestHeaderLength));
            await _stream.WriteAsync(combined, cancellationToken);
            return;
        }
        XRootDRequest.WriteHeader(_header, streamId, requestId, parameters.Span, data.Length);
        await _stream.WriteAsync(_header, cancellationToken);
        if (data.Length > 0)
        {
            await _stream.WriteAsync(data, cancellationToken);
        }
    }

    /// <summary>
    /// Sends a request and returns its final answer: kXR_ok (kXR_oksofar parts joined), kXR_error or kXR_redirect.
    /// kXR_wait is honoured by resending after the given seconds (bounded); after kXR_waitresp the answer comes
    /// later inside a kXR_attn kXR_asynresp, which the reader unwraps. Unsolicited kXR_attn messages are skipped.
    /// <paramref name="whenDeferred"/> runs once, when the server first answers kXR_waitresp, before the wait.
    /// </summary>
    public async Task<XRootDResponse> ExchangeAsync(XRootDRequest request, CancellationToken cancellationToken, Func<CancellationToken, Task>? whenDeferred = null)
    {
        var streamId = NextStreamId();
        await SendAsync(streamId, request, cancellationToken);
        var waits = 0;
        List<byte[]>? parts = null;
        long partsLength = 0;
        while (true)
        {
            var response = await Reader.ReadResponseAsync(cancellationToken);
            if (response.Status == StatusAttn)
            {
                continue;
            }
            if (response.StreamId != streamId)
            {
                throw XRootDResponseReader.Malformed($"answer for stream {response.StreamId} while waiting for {request.Name} on stream {streamId}");
            }
            switch (response.Status)
            {
                case StatusOkSoFar:
                    partsLength += response.Body.Length;
                    if (partsLength > XRootDResponseReader.DefaultMaxBodyLength)
                    {
                        throw XRootDResponseReader.Malformed($"multi-part answer to {request.Name} exceeds {XRootDResponseReader.DefaultMaxBodyLength} bytes");
                    }
                    (parts ??= []).Add(response.Body);
                    continue;
                case StatusOk when parts is not null:
                    parts.Add(response.Body);
                    return response with { Body = [.. parts.SelectMany(p => p)] };
                case StatusOk or StatusError or StatusRedirect:
                    return response;
                case StatusWait:
                    var seconds = XRootDResponseParser.ParseSeconds(response.Body, "kXR_wait");
                    if (++waits > MaxWaits)
                    {
                        throw new StorageException(FailureKind.ServerError, $"{request.Name}: the server asked to wait {waits} times in a row");
                    }
                    var delay = TimeSpan.FromSeconds(seconds);
                    await Task.Delay(delay < MaxWaitDelay ? delay : MaxWaitDelay, cancellationToken);
                    parts = null;
                    partsLength = 0;
                    await SendAsync(streamId, request, cancellationToken);
                    continue;
                case StatusWaitResp:
                    // The answer follows as kXR_attn kXR_asynresp (XProtocol.hh ServerResponseBody_Waitresp).
                    XRootDResponseParser.ParseSeconds(response.Body, "kXR_waitresp");
                    if (whenDeferred is not null)
                    {
                        var deferred = whenDeferred;
                        whenDeferred = null;
                        await deferred(cancellationToken);
                    }
                    continue;
                default:
                    throw XRootDResponseReader.Malformed($"unexpected status {response.Status} in answer to {request.Name}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_stream is SslStream tls)
        {
            // close_notify, so that the server logs an orderly disconnect instead of a TLS error.
            try
            {
                await tls.ShutdownAsync().WaitAsync(TimeSpan.FromMilliseconds(200));
            }
            catch (Exception exception) when (exception is IOException or TimeoutException or ObjectDisposedException or InvalidOperationException or AuthenticationException)
            {
            }
        }
        await _stream.DisposeAsync();
        _socket.Dispose();
    }

    private async Task HelloAsync(CancellationToken cancellationToken)
    {
        // ClientInitHandShake: five int32 0, 0, 0, 4, 2012; XrdCl sends kXR_protocol in the same write
        // (GenerateInitialHSProtocol) and so do we, saving a round trip.
        var flags = (byte)(ProtocolSecReqs | ProtocolAbleTls | (Endpoint.Tls ? ProtocolWantTls : 0));
        var protocol = XRootDRequest.ProtocolRequest(flags);
        var hello = new byte[HandshakeLength + RequestHeaderLength];
        BinaryPrimitives.WriteInt32BigEndian(hello.AsSpan(12), 4);
        BinaryPrimitives.WriteInt32BigEndian(hello.AsSpan(16), 2012);
        var protocolStream = NextStreamId();
        XRootDRequest.WriteHeader(hello.AsSpan(HandshakeLength), protocolStream, protocol.RequestId, protocol.Parameters, 0);
        await _stream.WriteAsync(hello, cancellationToken);

        // ServerInitHandShake after a header with status kXR_ok: protover and msgval.
        var handshake = await Reader.ReadResponseAsync(cancellationToken);
        if (handshake.Status != StatusOk || handshake.Body.Length != 8)
        {
            throw XRootDResponseReader.Malformed($"handshake answer with status {handshake.Status} and {handshake.Body.Length} bytes (is this an XRootD server?)");
        }
        ServerProtocolVersion = BinaryPrimitives.ReadInt32BigEndian(handshake.Body);

        var answer = await Reader.ReadResponseAsync(cancellationToken);
        EnsureOk(answer, protocolStream, "kXR_protocol");
        (ServerProtocolVersion, ServerFlags) = XRootDResponseParser.ParseProtocol(answer.Body);

        if (Endpoint.Tls && ((ServerFlags & ServerHaveTls) == 0 || ServerProtocolVersion < TlsProtocolVersion))
        {
            throw new StorageException(FailureKind.Tls, $"roots://{Endpoint.HostPort}: the server does not offer TLS");
        }
    }

    private async Task LoginAsync(CancellationToken cancellationToken)
    {
        var login = XRootDRequest.Login(Environment.ProcessId, UserName, "xrd.appname=lakemon");
        var loginStream = NextStreamId();
        await SendAsync(loginStream, login, cancellationToken);
        var loginAnswer = await Reader.ReadResponseAsync(cancellationToken);
        EnsureOk(loginAnswer, loginStream, "kXR_login");
        var security = XRootDResponseParser.ParseLoginSecurity(loginAnswer.Body);
        if (security.Length > 0)
        {
            // "&P=gsi,v:...&P=ztn,..." — the server wants kXR_auth with one of these; this client is anonymous.
            var protocols = string.Join(", ", security.Split("&P=", StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split(',')[0]));
            throw new StorageException(FailureKind.Auth, $"{Endpoint.HostPort} requires authentication ({protocols}), which this XRootD client does not implement");
        }
    }

    private async Task StartTlsAsync(CaTrust? trust, PhaseRecorder phases, CancellationToken cancellationToken)
    {
        if (Reader.Buffered != 0)
        {
            throw XRootDResponseReader.Malformed("the server sent data before the TLS handshake");
        }
        using var scope = phases.Start(PhaseNames.Tls);
        var tls = new SslStream(_stream, leaveInnerStreamOpen: false);
        try
        {
            var options = new SslClientAuthenticationOptions { TargetHost = Endpoint.Host };
            trust?.Apply(options);
            await tls.AuthenticateAsClientAsync(options, cancellationToken);
        }
        catch (Exception exception) when (exception is AuthenticationException or IOException)
        {
            await tls.DisposeAsync();
            throw new StorageException(FailureKind.Tls, $"TLS with {Endpoint.HostPort} failed: {exception.Message}", exception);
        }
        _stream = tls;
        Reader = new XRootDResponseReader(tls);
    }

    private static void EnsureOk(XRootDResponse response, ushort streamId, string what)
    {
        if (response.Status == StatusError)
        {
            throw XRootDFailureMap.ToException(XRootDResponseParser.ParseError(response.Body), what);
        }
        if (response.Status != StatusOk || response.StreamId != streamId)
        {
            throw XRootDResponseReader.Malformed($"{what} answered with status {response.Status} on stream {response.StreamId}");
        }
    }
}
