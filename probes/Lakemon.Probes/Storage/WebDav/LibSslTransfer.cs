using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Lakemon.Probes.Tls;

namespace Lakemon.Probes.Storage.WebDav;

/// <summary>
/// The bytes of https downloads and uploads moved through libssl directly, as curl moves them: OpenSSL verifies the
/// server against the CA directory lazily (by hash) instead of .NET's chain builder first parsing the whole system
/// store, and each TLS record is decrypted into (encrypted from) the caller's buffer instead of passing through
/// SslStream's buffers and an async step per record. On a 2-core host that took downloads from 0.85 to ~1.0 of curl.
/// <para>It only takes the plain path and hands everything else to HttpClient, which then decides and words the
/// outcome: it answers null — before any request byte is sent — when a proxy is configured, libssl or the credentials
/// cannot be loaded, the TCP connection or the handshake fails (an untrusted CA, a wrong name), and a GET also when
/// the answer is anything but 200 with a Content-Length. Past that point it owns the exchange and its failures.</para>
/// </summary>
internal sealed class LibSslTransfer(StorageCredentials credentials) : IDisposable
{
    private const int HeadLimit = 64 * 1024;
    private const int UploadChunk = 128 * 1024;
    private const int MaxExplanationBytes = 512;

    private readonly Lock _lock = new();
    private IntPtr _context;
    private bool _unusable;

    /// <summary>The body stream and its length, or null to ask through HttpClient instead. Phases (connect, tls,
    /// request) are recorded only when a body is returned.</summary>
    public (Stream Body, long Length)? TryOpen(Uri target, PhaseRecorder phases, CancellationToken cancellationToken)
    {
        var attempt = new PhaseRecorder();
        var stream = TryConnect(target, attempt, cancellationToken);
        if (stream is null)
        {
            return null;
        }
        try
        {
            long? length;
            using (attempt.Start(PhaseNames.Request))
            {
                stream.Write(Head("GET", target, null), cancellationToken);
                var (head, early) = ReadHead(stream, cancellationToken);
                length = head is null ? null : OkContentLength(head);
                if (length is { } known)
                {
                    stream.Begin(early, known);
                }
            }
            if (length is null)
            {
                stream.Dispose();
                return null;
            }
            Merge(attempt, phases);
            return (stream, length.Value);
        }
        catch (Exception e) when (e is SocketException or IOException)
        {
            stream.Dispose();
            return null;
        }
    }

    /// <summary>
    /// PUTs <paramref name="length"/> bytes of <paramref name="source"/>, or answers null, having sent nothing, to
    /// ask through HttpClient instead. Otherwise the server's status line and the start of its explanation.
    /// </summary>
    public PutAnswer? TryPut(Uri target, Stream source, long length, PhaseRecorder phases, CancellationToken cancellationToken)
    {
        var attempt = new PhaseRecorder();
        using var stream = TryConnect(target, attempt, cancellationToken);
        if (stream is null)
        {
            return null;
        }
        Merge(attempt, phases);
        var adler = new Checksums.Adler32();
        long sent = 0;
        var buffer = ArrayPool<byte>.Shared.Rent(UploadChunk);
        try
        {
            using (phases.Start(PhaseNames.Transfer))
            {
                // A server that refuses (403, 507) may answer and close before taking the whole body: its answer, if
                // there is one, says more than the broken pipe, so a failed send goes on to read it.
                var sending = TrySend(stream, Head("PUT", target, length), cancellationToken);
                while (sending && sent < length)
                {
                    // Read on this thread, as the socket is written: an async file read hands each chunk to the
                    // thread pool and back, and those two wake-ups per chunk left the server waiting for us.
                    var read = source.Read(buffer, 0, (int)Math.Min(UploadChunk, length - sent));
                    if (read == 0)
                    {
                        throw new StorageException(Results.FailureKind.ProbeError, $"PUT {target}: the source ended after {sent} of {length} bytes");
                    }
                    adler.Append(buffer.AsSpan(0, read));
                    sending = TrySend(stream, buffer.AsSpan(0, read), cancellationToken);
                    sent += sending ? read : 0;
                }
            }
            using (phases.Start(PhaseNames.Request))
            {
                string? head;
                ReadOnlyMemory<byte> early;
                try
                {
                    (head, early) = ReadHead(stream, cancellationToken);
                }
                catch (IOException e)
                {
                    throw new StorageException(Results.FailureKind.ProtocolError, $"PUT {target}: the answer broke off after {sent} of {length} bytes: {e.Message}", e);
                }
                if (head is null)
                {
                    throw new StorageException(Results.FailureKind.ProtocolError, $"PUT {target}: no HTTP answer after {sent} of {length} bytes");
                }
                var lineEnd = head.IndexOf("\r\n", StringComparison.Ordinal);
                var status = lineEnd >= 0 ? head[..lineEnd] : head;
                var parts = status.Split(' ', 3);
                if (parts.Length < 2 || !parts[0].StartsWith("HTTP/", StringComparison.Ordinal) || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var code))
                {
                    throw new StorageException(Results.FailureKind.ProtocolError, $"PUT {target}: not an HTTP answer: {status}");
                }
                if (code is >= 200 and < 300 && sent < length)
                {
                    throw new StorageException(Results.FailureKind.ProtocolError, $"PUT {target}: {status} after only {sent} of {length} bytes");
                }
                var detail = code is >= 200 and < 300 ? "" : Explanation(stream, early, cancellationToken);
                return new PutAnswer(code, status.TrimEnd(), detail, new TransferResult(sent, adler.Hex));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The answer to a PUT: its status code and line (e.g. "HTTP/1.1 201 Created"), the start of the body of a
    /// refusal on one line, and what was sent.</summary>
    internal sealed record PutAnswer(int Status, string StatusLine, string Detail, TransferResult Sent);

    private LibSslStream? TryConnect(Uri target, PhaseRecorder attempt, CancellationToken cancellationToken)
    {
        if (!LibSslTransfers.Enabled || target.Scheme != Uri.UriSchemeHttps || ProxyConfigured() || credentials.BearerToken?.IndexOfAny(['\r', '\n']) >= 0
            || Context() is not { } context)
        {
            return null;
        }
        Socket? socket = null;
        var ssl = IntPtr.Zero;
        try
        {
            using (attempt.Start(PhaseNames.Connect))
            {
                socket = Connect(target, cancellationToken);
            }
            if (socket is null)
            {
                return null;
            }
            ssl = LibSsl.SSL_new(context);
            if (ssl == IntPtr.Zero || LibSsl.SSL_set_fd(ssl, (int)socket.Handle) != 1 || !VerifyName(ssl, target))
            {
                return null;
            }
            using (attempt.Start(PhaseNames.Tls))
            {
                if (!Handshake(ssl, socket, cancellationToken) || LibSsl.SSL_get_verify_result(ssl) != LibSsl.X509VOk)
                {
                    return null;
                }
            }
            var stream = new LibSslStream(socket, ssl);
            socket = null;
            ssl = IntPtr.Zero;
            return stream;
        }
        catch (SocketException)
        {
            return null;
        }
        finally
        {
            if (ssl != IntPtr.Zero)
            {
                LibSsl.SSL_free(ssl);
            }
            socket?.Dispose();
        }
    }

    /// <summary>A non-blocking TCP connection to the first address that takes it (no .NET async socket operation, see
    /// <see cref="LibSslStream"/>); null when none does.</summary>
    private static Socket? Connect(Uri target, CancellationToken cancellationToken)
    {
        var addresses = IPAddress.TryParse(target.DnsSafeHost, out var literal) ? [literal] : Dns.GetHostAddresses(target.DnsSafeHost);
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, Blocking = false };
            try
            {
                try
                {
                    socket.Connect(new IPEndPoint(address, target.Port));
                }
                catch (SocketException e) when (e.SocketErrorCode is SocketError.WouldBlock or SocketError.InProgress)
                {
                    LibSslStream.Wait(socket, SelectMode.SelectWrite, cancellationToken);
                    if ((int)socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Error)! != 0)
                    {
                        socket.Dispose();
                        continue;
                    }
                }
                return socket;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        return null;
    }

    private static bool TrySend(LibSslStream stream, ReadOnlySpan<byte> bytes, CancellationToken cancellationToken)
    {
        try
        {
            stream.Write(bytes, cancellationToken);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static void Merge(PhaseRecorder attempt, PhaseRecorder phases)
    {
        foreach (var (phase, elapsed) in attempt.Snapshot())
        {
            phases.Add(phase, elapsed);
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_context != IntPtr.Zero)
            {
                LibSsl.SSL_CTX_free(_context);
                _context = IntPtr.Zero;
            }
            _unusable = true;
        }
    }

    // HttpClient honours these; this path does not speak to proxies.
    private static bool ProxyConfigured() =>
        new[] { "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY" }.Any(name => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(name)));

    private IntPtr? Context()
    {
        lock (_lock)
        {
            if (_unusable || !LibSsl.Available)
            {
                return null;
            }
            if (_context != IntPtr.Zero)
            {
                return _context;
            }
            var context = LibSsl.SSL_CTX_new(LibSsl.TLS_client_method());
            if (context == IntPtr.Zero)
            {
                _unusable = true;
                return null;
            }
            LibSsl.SSL_CTX_set_verify(context, LibSsl.VerifyPeer, IntPtr.Zero);
            var ready = credentials.CaDirectory is null && credentials.CaFile is null
                ? LibSsl.SSL_CTX_set_default_verify_paths(context) == 1
                : LibSsl.SSL_CTX_load_verify_locations(context, credentials.CaFile, credentials.CaDirectory) == 1;
            if (ready && credentials.ClientCertificate is { } certificate)
            {
                ready = LibSsl.SSL_CTX_use_certificate_chain_file(context, certificate) == 1
                    && LibSsl.SSL_CTX_use_PrivateKey_file(context, credentials.ClientKey ?? certificate, LibSsl.FileTypePem) == 1;
            }
            if (!ready)
            {
                LibSsl.SSL_CTX_free(context);
                _unusable = true;
                return null;
            }
            _context = context;
            return context;
        }
    }

    /// <summary>The Content-Length of a "200" head without a transfer or content coding; null for anything else.</summary>
    internal static long? OkContentLength(string head)
    {
        var lines = head.Split("\r\n");
        var status = lines[0].Split(' ', 3);
        if (status.Length < 2 || status[0] is not ("HTTP/1.1" or "HTTP/1.0") || status[1] != "200")
        {
            return null;
        }
        long? length = null;
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                return null;
            }
            var name = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                if (length is not null || !long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
                {
                    return null;
                }
                length = parsed;
            }
            else if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase) || name.Equals("Content-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }
        }
        return length;
    }

    private static bool VerifyName(IntPtr ssl, Uri target)
    {
        var host = target.DnsSafeHost;
        if (target.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6)
        {
            return LibSsl.X509_VERIFY_PARAM_set1_ip_asc(LibSsl.SSL_get0_param(ssl), host) == 1;
        }
        return LibSsl.SSL_set1_host(ssl, host) == 1 && LibSsl.SetServerName(ssl, host) == 1;
    }

    private static bool Handshake(IntPtr ssl, Socket socket, CancellationToken cancellationToken)
    {
        while (true)
        {
            var done = LibSsl.SSL_connect(ssl);
            if (done == 1)
            {
                return true;
            }
            if (!LibSslStream.WaitIfWanted(LibSsl.SSL_get_error(ssl, done), socket, cancellationToken))
            {
                return false;
            }
        }
    }

    private byte[] Head(string method, Uri target, long? length)
    {
        var head = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{method} {target.PathAndQuery} HTTP/1.1\r\nHost: {target.Authority}\r\nAccept: */*\r\n");
        if (credentials is { BearerToken: { } token })
        {
            head.Append(CultureInfo.InvariantCulture, $"Authorization: Bearer {token}\r\n");
        }
        if (length is { } bytes)
        {
            head.Append(CultureInfo.InvariantCulture, $"Content-Type: application/octet-stream\r\nContent-Length: {bytes}\r\n");
        }
        return Encoding.ASCII.GetBytes(head.Append("Connection: close\r\n\r\n").ToString());
    }

    /// <summary>The response head (status line and headers, without the blank line) and the bytes read past it; a null
    /// head when the connection ended first or the head is too large.</summary>
    private static (string? Head, ReadOnlyMemory<byte> Early) ReadHead(LibSslStream stream, CancellationToken cancellationToken)
    {
        var head = new byte[HeadLimit];
        var filled = 0;
        int end;
        while ((end = head.AsSpan(0, filled).IndexOf("\r\n\r\n"u8)) < 0)
        {
            if (filled == head.Length)
            {
                return (null, default);
            }
            var read = stream.Read(head.AsSpan(filled), cancellationToken);
            if (read == 0)
            {
                return (null, default);
            }
            filled += read;
        }
        return (Encoding.ASCII.GetString(head, 0, end), head.AsMemory(end + 4, filled - end - 4));
    }

    /// <summary>The start of a refusal's body on one line, as <see cref="WebDavTransport.ReadErrorTextAsync"/> words it.</summary>
    private static string Explanation(LibSslStream stream, ReadOnlyMemory<byte> early, CancellationToken cancellationToken)
    {
        var text = new byte[MaxExplanationBytes];
        var length = Math.Min(early.Length, text.Length);
        early[..length].CopyTo(text);
        try
        {
            int read;
            while (length < text.Length && (read = stream.Read(text.AsSpan(length), cancellationToken)) > 0)
            {
                length += read;
            }
        }
        catch (IOException)
        {
            // The explanation is a courtesy; the status already tells what failed.
        }
        return WebDavTransport.OneLine(Encoding.UTF8.GetString(text, 0, length));
    }
}
