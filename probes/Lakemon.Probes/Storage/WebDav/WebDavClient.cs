using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Lakemon.Probes.Checksums;
using Lakemon.Probes.Configuration;
using Lakemon.Probes.Results;

namespace Lakemon.Probes.Storage.WebDav;

/// <summary>
/// WebDAV over HTTP(S) as the WLCG storage doors speak it (xrootd XrdHttp, dCache, EOS, StoRM): PUT/GET streamed with
/// our own adler32, RFC 3230 Want-Digest checksums, PROPFIND/MKCOL/DELETE for the namespace, and HTTP-TPC COPY.
/// davs:// URLs are sent as https://. The client holds a connection pool: keep one per set of credentials and
/// dispose it at the end.
/// </summary>
public sealed class WebDavClient : IStorageClient, IDisposable
{
    private const int ChunkSize = 1024 * 1024;

    private static readonly HttpMethod Propfind = new("PROPFIND");
    private static readonly HttpMethod Mkcol = new("MKCOL");

    private readonly WebDavTransport _transport;
    private readonly HttpTpcCopier _copier;
    private readonly LibSslTransfer _libSsl;

    public WebDavClient(StorageCredentials credentials)
    {
        _transport = new WebDavTransport(credentials);
        _libSsl = new LibSslTransfer(credentials);
        _copier = new HttpTpcCopier(this, _transport);
    }

    public IReadOnlyList<string> Schemes { get; } = [ProtocolSchemes.Http, ProtocolSchemes.Https, ProtocolSchemes.Davs];

    public IReadOnlyList<TpcMode> TpcModes { get; } = [TpcMode.HttpPull, TpcMode.HttpPush];

    public async Task<TransferResult> UploadAsync(Uri url, Stream source, PhaseRecorder phases, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(phases);
        var target = ToHttp(url);
        var start = source.CanSeek ? source.Position : 0;
        for (var attempt = 0; ; attempt++)
        {
            // A source of known length goes through libssl when it can (see LibSslTransfer); null: nothing was sent.
            if (source.CanSeek && await OnOwnThread(() => _libSsl.TryPut(target, source, source.Length - source.Position, phases, cancellationToken)) is { } answer)
            {
                if (answer.Status is >= 200 and < 300)
                {
                    return answer.Sent;
                }
                if (answer.Status == (int)HttpStatusCode.Conflict && attempt == 0)
                {
                    await MakeDirectoryAsync(Parent(target), parents: true, phases, cancellationToken);
                    source.Position = start;
                    continue;
                }
                throw new StorageException(WebDavFailureMap.FromStatus(answer.Status),
                    $"PUT {target}: {answer.StatusLine}{(answer.Detail.Length > 0 ? ": " + answer.Detail : "")}");
            }
            var content = new Adler32StreamContent(source, phases);
            using var request = new HttpRequestMessage(HttpMethod.Put, target) { Content = content };
            using var response = await _transport.SendAsync(request, phases, PhaseNames.Request, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return new TransferResult(content.Bytes, content.Adler32);
            }
            // RFC 4918 §9.7.1: a server that does not create parents answers 409. xrootd, dCache and EOS do create
            // them; for the others make the parents and send once more, if the source can be read again.
            if (response.StatusCode == HttpStatusCode.Conflict && attempt == 0 && source.CanSeek)
            {
                await MakeDirectoryAsync(Parent(target), parents: true, phases, cancellationToken);
                source.Position = start;
                continue;
            }
            throw await WebDavTransport.FailureAsync(response, null, cancellationToken);
        }
    }

    /// <summary>PROPFIND Depth 0, because HEAD cannot tell a directory from a file on xrootd (it answers 200 with
    /// the directory inode size, e.g. 4096, and no other hint); HEAD is the fallback for servers without PROPFIND.</summary>
    public async Task<StorageStat> StatAsync(Uri url, PhaseRecorder phases, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(phases);
        var target = ToHttp(url);
        using (var request = PropfindRequest(target, depth: 0))
        using (var response = await _transport.SendAsync(request, phases, PhaseNames.Stat, cancellationToken))
        {
            if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone)
            {
                return StorageStat.Missing;
            }
            if (response.StatusCode == HttpStatusCode.MultiStatus)
            {
                var resources = await ReadMultiStatusAsync(response, phases, PhaseNames.Stat, cancellationToken);
                var self = resources.FirstOrDefault(r => r.Path == WebDavMultiStatus.DecodePath(target.AbsolutePath)) ?? resources.FirstOrDefault();
                return self is null
                    ? throw new StorageException(FailureKind.ProtocolError, $"PROPFIND {target}: the multistatus answer has no entry")
                    : new StorageStat(true, self.Length ?? 0, self.Modified, self.IsCollection);
            }
            if (response.StatusCode is not (HttpStatusCode.MethodNotAllowed or HttpStatusCode.NotImplemented))
            {
                throw await WebDavTransport.FailureAsync(response, null, cancellationToken);
            }
        }
        using var head = new HttpRequestMessage(HttpMethod.Head, target);
        using var answer = await _transport.SendAsync(head, phases, PhaseNames.Stat, cancellationToken);
        return answer.StatusCode switch
        {
            HttpStatusCode.NotFound or HttpStatusCode.Gone => StorageStat.Missing,
            HttpStatusCode.OK => new StorageStat(true, answer.Content.Headers.ContentLength ?? 0, answer.Content.Headers.LastModified, false),
            _ => throw await WebDavTransport.FailureAsync(answer, null, cancellationToken),
        };
    }

    /// <summary>RFC 3230 instance digest: HEAD with <c>Want-Digest</c>. adler32 (and crc32c) come as hex, md5 as
    /// base64 per the RFC or as hex from some servers; the answer is always lower-case hex.</summary>
    public async Task<string> ChecksumAsync(Uri url, string algorithm, PhaseRecorder phases, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(algorithm);
        ArgumentNullException.ThrowIfNull(phases);
        var target = ToHttp(url);
        using var request = new HttpRequestMessage(HttpMethod.Head, target);
        request.Headers.Add("Want-Digest", algorithm.ToLowerInvariant());
        // XRootD 5.5 computes the digest in a job thread that answers on the connection and hands it back while the
        // worker goes on with it; a next request on that connection can meet a freed TLS session (segfault) or a
        // connection nobody serves any more (lake/XROOTD-5.5-CRASH.md). Closing it after the answer costs one
        // handshake for the next request and keeps the next request off that path.
        request.Headers.ConnectionClose = true;
        using var response = await _transport.SendAsync(request, phases, PhaseNames.Checksum, cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw await WebDavTransport.FailureAsync(response, null, cancellationToken);
        }
        var header = response.Headers.TryGetValues("Digest", out var values) ? string.Join(',', values) : "";
        return WebDavDigest.Parse(header, algorithm)
            ?? throw new StorageException(FailureKind.ProtocolError, $"HEAD {target}: {WebDavTransport.StatusLine(response)} without a usable '{algorithm}' digest (Digest: '{header}')");
    }

    public async Task<TransferResult> ReadAsync(Uri url, Stream destination, PhaseRecorder phases, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(phases);
        var target = ToHttp(url);
        using var request = new HttpRequestMessage(HttpMethod.Get, target);
        var direct = await OnOwnThread(() => _libSsl.TryOpen(target, phases, cancellationToken));
        using var response = direct is null ? await _transport.SendAsync(request, phases, PhaseNames.Request, cancellationToken) : null;
        if (response is not null && response.StatusCode != HttpStatusCode.OK)
        {
            throw await WebDavTransport.FailureAsync(response, null, cancellationToken);
        }
        var expected = direct?.Length ?? response!.Content.Headers.ContentLength;
        var adler = new Adler32();
        long received;
        using (phases.Start(PhaseNames.Transfer))
        {
            var body = direct?.Body ?? await response!.Content.ReadAsStreamAsync(cancellationToken);
            await using (body)
            {
                received = await OnOwnThread(() => CopyBody(body, destination, adler, target, expected, cancellationToken));
            }
        }
        if (expected is { } length && length != received)
        {
            throw new StorageException(FailureKind.ProtocolError, $"GET {target}: received {received} bytes, Content-Length said {length}");
        }
        return new TransferResult(received, adler.Hex);

    }

    /// <summary>
    /// Copies a response body to the destination with two buffers: while one chunk is checksummed and written, the
    /// next is read (reading TLS and writing a file are both slow enough that doing them one after the other shows).
    /// Synchronous, on a thread of its own (<see cref="OnOwnThread"/>): the libssl body waits in poll(2) like curl, and
    /// a thread-pool worker must not be the one held; a cancelled token ends a blocked HttpClient read by disposing it.
    /// </summary>
    private static long CopyBody(Stream body, Stream destination, Adler32 adler, Uri target, long? expected, CancellationToken cancellationToken)
    {
        // A libssl body watches the token itself (and must not be freed under a running SSL_read).
        if (body is LibSslStream direct)
        {
            direct.Cancellation = cancellationToken;
        }
        using var abort = body is LibSslStream ? default : cancellationToken.Register(body.Dispose);
        byte[][] buffers = [ArrayPool<byte>.Shared.Rent(ChunkSize), ArrayPool<byte>.Shared.Rent(ChunkSize)];
        Task writing = Task.CompletedTask;
        long received = 0;
        try
        {
            for (var index = 0; ; index++)
            {
                var buffer = buffers[index & 1];
                int read;
                try
                {
                    // TLS hands out one record (≤ 16 KiB) per read: fill the chunk before passing it on, so that the
                    // destination sees few large writes instead of thousands of small ones.
                    read = body.ReadAtLeast(buffer.AsSpan(0, ChunkSize), ChunkSize, throwOnEndOfStream: false);
                }
                catch (Exception exception) when (!cancellationToken.IsCancellationRequested && WebDavFailureMap.FromException(exception) is { } kind)
                {
                    throw new StorageException(kind, $"GET {target}: body broken after {received} of {expected?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"} bytes: {WebDavTransport.Describe(exception)}", exception);
                }
                catch (Exception) when (cancellationToken.IsCancellationRequested)
                {
                    throw new OperationCanceledException(cancellationToken);
                }
                writing.GetAwaiter().GetResult();
                if (read == 0)
                {
                    return received;
                }
                var count = read;
                writing = Task.Run(async () =>
                {
                    adler.Append(buffer.AsSpan(0, count));
                    await destination.WriteAsync(buffer.AsMemory(0, count), cancellationToken);
                }, CancellationToken.None);
                received += read;
            }
        }
        finally
        {
            // The pool must not get a buffer back while the destination may still be writing from it.
            ((IAsyncResult)writing).AsyncWaitHandle.WaitOne();
            ArrayPool<byte>.Shared.Return(buffers[0]);
            ArrayPool<byte>.Shared.Return(buffers[1]);
        }
    }

    /// <summary>Runs blocking transfer work on a thread of its own, not a thread-pool worker.</summary>
    private static Task<T> OnOwnThread<T>(Func<T> work) =>
        Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>One DELETE for a file and a collection alike. XrdHttp (5.5) removes an empty collection (200, with or
    /// without the trailing slash) and refuses a non-empty one with 500 "directory not empty" (xrootd issues #1222,
    /// #1896) — the same outcome as kXR_rm and rmdir(2). RFC 4918 §9.6.1 servers (dCache, StoRM) delete the content
    /// too; a Depth header other than infinity is forbidden there, so the client cannot ask for "empty only".</summary>
    public async Task DeleteAsync(Uri url, PhaseRecorder phases, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(phases);
        using var request = new HttpRequestMessage(HttpMethod.Delete, ToHttp(url));
        // XRootD 5.5 answers a DELETE of a missing path with 404 and "Connection: Keep-Alive", then closes the
        // connection: the next request HttpClient sends on it ends without an answer (a PUT or PROPFIND, whose body
        // it cannot resend). Closing it ourselves costs one handshake for the next request (lake/XROOTD-5.5-CRASH.md).
        request.Headers.ConnectionClose = true;
        using var response = await _transport.SendAsync(request, phases, PhaseNames.Delete, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw await WebDavTransport.FailureAsync(response, null, cancellationToken);
        }
    }

    public async Task<IReadOnlyList<StorageEntry>> ListAsync(Uri url, PhaseRecorder phases, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(phases);
        var target = ToHttp(url);
        using var request = PropfindRequest(target, depth: 1);
        using var response = await _transport.SendAsync(request, phases, PhaseNames.List, cancellationToken);
        if (response.StatusCode != HttpStatusCode.MultiStatus)
        {
            throw await WebDavTransport.FailureAsync(response, null, cancellationToken);
        }
        var resources = await ReadMultiStatusAsync(response, phases, PhaseNames.List, cancellationToken);
        var self = WebDavMultiStatus.DecodePath(target.AbsolutePath);
        var entries = resources
            .Where(r => r.Path != self)
            .Select(r => new StorageEntry(LastSegment(r.Path), r.IsCollection, r.IsCollection ? null : r.Length, r.Modified))
            .ToList();
        // Depth 1 on a file answers with the file alone: list it, as ls does.
        if (entries.Count == 0 && resources is [{ IsCollection: false } file])
        {
            entries.Add(new StorageEntry(LastSegment(file.Path), false, file.Length, file.Modified));
        }
        return entries;
    }

    public async Task MakeDirectoryAsync(Uri url, bool parents, PhaseRecorder phases, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(phases);
        var target = ToHttp(url);
        for (var attempt = 0; ; attempt++)
        {
            using var request = new HttpRequestMessage(Mkcol, target);
            using var response = await _transport.SendAsync(request, phases, PhaseNames.Mkdir, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return;
            }
            // RFC 4918 §9.3.1: 405 when the resource exists, which may be a file: only a directory will do.
            if (response.StatusCode == HttpStatusCode.MethodNotAllowed)
            {
                var existing = await StatAsync(target, phases, cancellationToken);
                if (existing.IsDirectory)
                {
                    return;
                }
                throw new StorageException(FailureKind.ProtocolError,
                    $"MKCOL {target}: {WebDavTransport.StatusLine(response)}, and the path {(existing.Exists ? "is a file" : "does not exist")}");
            }
            // 409: an intermediate collection is missing (RFC 4918 §9.3.1).
            if (response.StatusCode == HttpStatusCode.Conflict && parents && attempt == 0 && Parent(target) is var parent && parent.AbsolutePath != target.AbsolutePath && parent.AbsolutePath != "/")
            {
                await MakeDirectoryAsync(parent, parents: true, phases, cancellationToken);
                continue;
            }
            throw await WebDavTransport.FailureAsync(response, null, cancellationToken);
        }
    }

    public Task<TransferResult> CopyAsync(Uri source, Uri destination, CopyOptions options, IProgress<TransferProgress>? progress, PhaseRecorder phases, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(phases);
        return _copier.CopyAsync(ToHttp(source), ToHttp(destination), options, progress, phases, cancellationToken);
    }

    public void Dispose()
    {
        _transport.Dispose();
        _libSsl.Dispose();
    }

    /// <summary>The URL as sent on the wire: davs:// becomes https:// (same host, port and path).</summary>
    internal static Uri ToHttp(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri)
        {
            throw new ArgumentException($"not an absolute URL: {url}", nameof(url));
        }
        return url.Scheme switch
        {
            ProtocolSchemes.Http or ProtocolSchemes.Https => url,
            ProtocolSchemes.Davs => new UriBuilder(url) { Scheme = Uri.UriSchemeHttps, Port = url.IsDefaultPort ? -1 : url.Port }.Uri,
            _ => throw new ArgumentException($"the WebDAV client does not serve {url.Scheme}:// URLs", nameof(url)),
        };
    }

    internal static Uri Parent(Uri url) => new(url, url.AbsolutePath.EndsWith('/') ? ".." : ".");

    private static string LastSegment(string path)
    {
        var trimmed = path.TrimEnd('/');
        return trimmed[(trimmed.LastIndexOf('/') + 1)..];
    }

    private static HttpRequestMessage PropfindRequest(Uri target, int depth)
    {
        var request = new HttpRequestMessage(Propfind, target)
        {
            Content = new StringContent(WebDavMultiStatus.PropfindBody, Encoding.UTF8, new MediaTypeHeaderValue("application/xml")),
        };
        request.Headers.Add("Depth", depth.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return request;
    }

    private static async Task<IReadOnlyList<WebDavResource>> ReadMultiStatusAsync(HttpResponseMessage response, PhaseRecorder phases, string phase, CancellationToken cancellationToken)
    {
        var request = response.RequestMessage;
        using var scope = phases.Start(phase);
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            return await WebDavMultiStatus.ReadAsync(body, cancellationToken);
        }
        catch (Exception exception) when (WebDavFailureMap.FromException(exception) is { } kind)
        {
            throw new StorageException(kind, $"{request?.Method} {request?.RequestUri}: unreadable multistatus: {WebDavTransport.Describe(exception)}", exception);
        }
    }
}
