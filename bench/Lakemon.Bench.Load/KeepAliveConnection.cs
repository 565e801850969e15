using System.Buffers.Text;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;

namespace Lakemon.Bench.Load;

/// <summary>
/// A minimal HTTP/1.1 keep-alive GET over one socket, as wrk does it: the request bytes are built once, the answer is
/// parsed in place (status and Content-Length, no strings) and read up to its Content-Length. It isolates what the
/// engine itself costs from what HttpClient's generality costs.
/// </summary>
internal sealed class KeepAliveConnection(Uri url) : IDisposable
{
    private static ReadOnlySpan<byte> HeaderEnd => "\r\n\r\n"u8;

    private static ReadOnlySpan<byte> ContentLength => "\r\ncontent-length:"u8;

    private readonly byte[] _request = Encoding.ASCII.GetBytes($"GET {url.PathAndQuery} HTTP/1.1\r\nHost: {url.Authority}\r\n\r\n");
    private readonly byte[] _buffer = new byte[16 * 1024];
    private Socket? _socket;

    // One call per request on each connection: the pooled builder reuses the state machine across them, as wrk
    // allocates nothing per request either.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<(int Status, long Bytes)> GetAsync(CancellationToken cancellationToken)
    {
        if (_socket is null)
        {
            _socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await _socket.ConnectAsync(url.Host, url.Port, cancellationToken);
        }
        await _socket.SendAsync(_request, SocketFlags.None, cancellationToken);
        var filled = 0;
        int headerEnd;
        while ((headerEnd = _buffer.AsSpan(0, filled).IndexOf(HeaderEnd)) < 0)
        {
            var read = await _socket.ReceiveAsync(_buffer.AsMemory(filled), SocketFlags.None, cancellationToken);
            if (read == 0)
            {
                throw new IOException("connection closed");
            }
            filled += read;
        }
        var (status, length) = ParseHead(_buffer.AsSpan(0, headerEnd + 2));
        var body = filled - headerEnd - HeaderEnd.Length;
        while (body < length)
        {
            var read = await _socket.ReceiveAsync(_buffer.AsMemory(), SocketFlags.None, cancellationToken);
            if (read == 0)
            {
                throw new IOException("connection closed");
            }
            body += read;
        }
        return (status, length);
    }

    /// <summary>The status of "HTTP/1.1 200 OK\r\n…" and its Content-Length header; <paramref name="head"/> ends with the
    /// last header line's CRLF.</summary>
    private static (int Status, long Length) ParseHead(ReadOnlySpan<byte> head)
    {
        if (head.Length < 12 || !Utf8Parser.TryParse(head.Slice(9, 3), out int status, out _))
        {
            throw new IOException("malformed status line");
        }
        for (var line = head.IndexOf("\r\n"u8); line >= 0 && line + ContentLength.Length <= head.Length;)
        {
            var rest = head[line..];
            if (Ascii.EqualsIgnoreCase(rest[..ContentLength.Length], ContentLength))
            {
                var value = rest[ContentLength.Length..];
                value = value[..value.IndexOf("\r\n"u8)].Trim((byte)' ');
                return Utf8Parser.TryParse(value, out long length, out var consumed) && consumed == value.Length
                    ? (status, length)
                    : throw new IOException("malformed Content-Length");
            }
            var next = rest[2..].IndexOf("\r\n"u8);
            line = next < 0 ? -1 : line + 2 + next;
        }
        throw new IOException("no Content-Length (chunked answers are not supported here)");
    }

    public void Dispose() => _socket?.Dispose();
}
