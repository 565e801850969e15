using Lakemon.Probes.Results;
using Lakemon.Probes.Tls;
using static Lakemon.Probes.Storage.XRootD.XRootDProtocol;

namespace Lakemon.Probes.Storage.XRootD;

/// <summary>
/// The connection one operation works on, following kXR_redirect for path requests: connect to the host:port the
/// server names, add its opaque CGI, resend (XrdClXRootDMsgHandler.cc does the same), at most
/// <see cref="MaxRedirects"/> hops. Requests on an open file handle stay on the connection that opened it.
/// </summary>
internal sealed class XRootDSession : IAsyncDisposable
{
    public const int MaxRedirects = XRootDClient.MaxRedirects;

    private readonly CaTrust? _trust;
    private readonly PhaseRecorder _phases;

    private XRootDSession(XRootDConnection connection, CaTrust? trust, PhaseRecorder phases)
    {
        Connection = connection;
        _trust = trust;
        _phases = phases;
    }

    public XRootDConnection Connection { get; private set; }

    public static async Task<XRootDSession> OpenAsync(XRootDEndpoint endpoint, CaTrust? trust, PhaseRecorder phases, CancellationToken cancellationToken) =>
        new(await XRootDConnection.OpenAsync(endpoint, trust, phases, cancellationToken), trust, phases);

    /// <summary>The final answer to a path request after redirects: kXR_ok or kXR_error.</summary>
    public async Task<XRootDResponse> RequestAsync(XRootDRequest request, CancellationToken cancellationToken)
    {
        for (var hops = 0; ; hops++)
        {
            var response = await Connection.ExchangeAsync(request, cancellationToken);
            if (response.Status != StatusRedirect)
            {
                return response;
            }
            if (request.Path is null)
            {
                throw XRootDResponseReader.Malformed($"{request.Name} on an open file was redirected");
            }
            if (hops == MaxRedirects)
            {
                throw new StorageException(FailureKind.ServerError, $"{request.Name}: more than {MaxRedirects} redirects (a redirect loop?)");
            }
            var redirect = XRootDResponseParser.ParseRedirect(response.Body);
            using (_phases.Start(PhaseNames.Redirect))
            {
                // The hop's own connect/login are part of the redirect phase, not of the first connection's phases.
                var next = await XRootDConnection.OpenAsync(new XRootDEndpoint(redirect.Host, redirect.Port, Connection.Endpoint.Tls), _trust, new PhaseRecorder(), cancellationToken);
                await Connection.DisposeAsync();
                Connection = next;
            }
            request = request.WithRedirectOpaque(redirect.Opaque);
        }
    }

    /// <summary>Like <see cref="RequestAsync"/>, with kXR_error turned into the mapped <see cref="StorageException"/>.</summary>
    public async Task<XRootDResponse> RequestOkAsync(XRootDRequest request, string what, CancellationToken cancellationToken) =>
        EnsureOk(await RequestAsync(request, cancellationToken), what);

    public static XRootDResponse EnsureOk(XRootDResponse response, string what) => response.Status switch
    {
        StatusOk => response,
        StatusError => throw XRootDFailureMap.ToException(XRootDResponseParser.ParseError(response.Body), what),
        _ => throw XRootDResponseReader.Malformed($"{what}: unexpected status {response.Status}"),
    };

    public ValueTask DisposeAsync() => Connection.DisposeAsync();
}
