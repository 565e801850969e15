using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Lakemon.Bench.Load;

/// <summary>
/// A minimal HTTP/1.1 keep-alive GET over one socket, as wrk does it: the request bytes are built once, the answer is
/// read up to its Content-Length. It isolates what the engine itself costs from what HttpClient's generality costs.
/// </summary>
internal sealed class KeepAliveConnection(Uri url) : IDisposable
{
    private static readonly byte[] HeaderEnd = "\r\n\r\n"u8.ToArray();
    private readonly byte[] _request = Encoding.ASCII.GetBytes($"GET {url.PathAndQuery} HTTP/1.1\r\nHost: {url.Authority}\r\n\r\n");
    private readonly byte[] _buffer = new byte[16 * 1024];
    private Socket? _socket;

    public async Task<(int Status, long Bytes)> GetAsync(CancellationToken cancellationToken)
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
        var head = Encoding.ASCII.GetString(_buffer, 0, headerEnd);
        var status = int.Parse(head.AsSpan(9, 3), CultureInfo.InvariantCulture);
        var marker = head.IndexOf("\r\nContent-Length:", StringComparison.OrdinalIgnoreCase);
        var lineEnd = head.IndexOf('\r', marker + 2);
        var length = long.Parse(head.AsSpan(marker + 17, (lineEnd < 0 ? head.Length : lineEnd) - marker - 17).Trim(), CultureInfo.InvariantCulture);
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

    public void Dispose() => _socket?.Dispose();
}
