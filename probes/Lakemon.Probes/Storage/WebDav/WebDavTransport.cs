using System.Net.Http.Headers;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Lakemon.Probes.Results;
using Lakemon.Probes.Tls;

namespace Lakemon.Probes.Storage.WebDav;

/// <summary>
/// The HTTP connection side of the WebDAV client: one pooled <see cref="HttpClient"/> with the configured trust, token
/// and client certificate; every exchange timed into the caller's phases and every transport failure turned into a
/// <see cref="StorageException"/> through <see cref="WebDavFailureMap"/>. It has no timeout of its own: the caller's
/// token is the only budget, and its cancellation propagates as <see cref="OperationCanceledException"/>.
/// </summary>
internal sealed class WebDavTransport : IDisposable
{
    private const int MaxErrorBodyBytes = 512;

    private static readonly HttpRequestOptionsKey<HttpExchangeTiming> TimingKey = new("lakemon.webdav.timing");

    private readonly HttpClient _client;
    private readonly X509Certificate2? _clientCertificate;

    public WebDavTransport(StorageCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        if (!LibSslTransfers.Enabled)
        {
            // WebDAV doors are https in practice: have the trust store loaded by the time the first handshake needs it.
            SystemTrustStore.WarmUp();
        }
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = ConnectAsync,
            PlaintextStreamFilter = ConnectionReady,
            UseCookies = false,
            AutomaticDecompression = System.Net.DecompressionMethods.None,
        };
        CaTrust.From(credentials.CaDirectory, credentials.CaFile)?.Apply(handler.SslOptions);
        if (credentials.ClientCertificate is not null)
        {
            // A grid proxy is one PEM file holding the proxy, its key and the issuing chain: key and chain then come
            // from the certificate file itself.
            _clientCertificate = X509Certificate2.CreateFromPemFile(credentials.ClientCertificate, credentials.ClientKey);
            var chain = new X509Certificate2Collection();
            chain.ImportFromPemFile(credentials.ClientCertificate);
            var intermediates = new X509Certificate2Collection();
            foreach (var certificate in chain)
            {
                if (certificate.Thumbprint == _clientCertificate.Thumbprint)
                {
                    certificate.Dispose();
                }
                else
                {
                    intermediates.Add(certificate);
                }
            }
            handler.SslOptions.ClientCertificateContext = SslStreamCertificateContext.Create(_clientCertificate, intermediates, offline: true);
        }
        _client = new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        if (credentials.BearerToken is not null)
        {
            _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", credentials.BearerToken);
        }
    }

    /// <summary>Sends the request and returns once the response headers are in (any status). Records connect and tls
    /// when this request opened a connection, the body upload as transfer, and the rest up to the headers as
    /// <paramref name="phase"/>.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, PhaseRecorder phases, string phase, CancellationToken cancellationToken)
    {
        // Have the system trust store loaded by the time the handshake needs it (.NET's chain builder reads it even
        // for a private CA): started here, not earlier, because a download through LibSslTransfer never needs it, and its
        // ~40 ms of CPU would compete with the transfer on a small host.
        if (request.RequestUri?.Scheme == Uri.UriSchemeHttps)
        {
            SystemTrustStore.WarmUp();
        }
        var timing = new HttpExchangeTiming(phases);
        request.Options.Set(TimingKey, timing);
        var started = HttpExchangeTiming.Now;
        try
        {
            return await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (Exception exception) when (WebDavFailureMap.FromException(exception) is { } kind)
        {
            if (kind == FailureKind.Tls)
            {
                // The handshake failed, so the ready callback never ran: the time since the TCP connect is the TLS time.
                timing.Secured();
            }
            throw new StorageException(kind, $"{request.Method} {request.RequestUri}: {Describe(exception)}", exception);
        }
        finally
        {
            var uploaded = (request.Content as Adler32StreamContent)?.Elapsed ?? TimeSpan.Zero;
            var rest = HttpExchangeTiming.Since(started) - timing.Connect - timing.Tls - uploaded;
            phases.Add(phase, rest > TimeSpan.Zero ? rest : TimeSpan.Zero);
        }
    }

    /// <summary>The failure for a status the operation did not expect: method, URL, status line and the start of the
    /// server's explanation.</summary>
    public static async Task<StorageException> FailureAsync(HttpResponseMessage response, FailureKind? kind, CancellationToken cancellationToken)
    {
        var request = response.RequestMessage;
        var detail = await ReadErrorTextAsync(response, cancellationToken);
        var message = $"{request?.Method} {request?.RequestUri}: {StatusLine(response)}{(detail.Length > 0 ? ": " + detail : "")}";
        return new StorageException(kind ?? WebDavFailureMap.FromStatus(response.StatusCode), message);
    }

    public static string StatusLine(HttpResponseMessage response) =>
        $"HTTP/{response.Version} {(int)response.StatusCode} {response.ReasonPhrase}".TrimEnd();

    /// <summary>The start of an error body, on one line; empty when there is none or it cannot be read.</summary>
    public static async Task<string> ReadErrorTextAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.RequestMessage?.Method == HttpMethod.Head)
        {
            return "";
        }
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            var buffer = new byte[MaxErrorBodyBytes];
            var length = 0;
            int read;
            while (length < buffer.Length && (read = await body.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
            {
                length += read;
            }
            var text = Encoding.UTF8.GetString(buffer, 0, length);
            return OneLine(text);
        }
        catch (Exception exception) when (exception is IOException or HttpRequestException)
        {
            // The explanation is a courtesy; the status already tells what failed.
            return "";
        }
    }

    /// <summary>A server's explanation on one line: runs of whitespace and line breaks become one space.</summary>
    internal static string OneLine(string text) =>
        string.Join(' ', text.Split((char[])['\r', '\n', '\t', ' '], StringSplitOptions.RemoveEmptyEntries));

    public static string Describe(Exception exception)
    {
        var messages = new List<string>();
        for (var current = exception; current is not null && messages.Count < 3; current = current.InnerException)
        {
            if (!messages.Contains(current.Message, StringComparer.Ordinal))
            {
                messages.Add(current.Message);
            }
        }
        return string.Join(" -> ", messages);
    }

    public void Dispose()
    {
        _client.Dispose();
        _clientCertificate?.Dispose();
    }

    private static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var timing = context.InitialRequestMessage.Options.TryGetValue(TimingKey, out var value) ? value : null;
        var started = HttpExchangeTiming.Now;
        // What SocketsHttpHandler does by default (dual-mode socket, Nagle off), with the connect timed; the name
        // lookup is part of it.
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
        }
        catch
        {
            timing?.Connected(started, succeeded: false);
            socket.Dispose();
            throw;
        }
        timing?.Connected(started, succeeded: true);
        return new NetworkStream(socket, ownsSocket: true);
    }

    // Runs once the connection speaks plain HTTP: after the TLS handshake for https, so that is where TLS ends.
    private static ValueTask<Stream> ConnectionReady(SocketsHttpPlaintextStreamFilterContext context, CancellationToken cancellationToken)
    {
        if (context.InitialRequestMessage.RequestUri?.Scheme == Uri.UriSchemeHttps
            && context.InitialRequestMessage.Options.TryGetValue(TimingKey, out var timing))
        {
            timing.Secured();
        }
        return ValueTask.FromResult(context.PlaintextStream);
    }
}
