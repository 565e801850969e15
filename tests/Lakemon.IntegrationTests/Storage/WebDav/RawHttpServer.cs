using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

namespace Lakemon.IntegrationTests.Storage.WebDav;

/// <summary>
/// A tiny HTTP server on 127.0.0.1:0 that answers each request with raw bytes of the test's choosing, or never: the
/// misbehaving servers the lake cannot be made to be (a 507, a body cut short, a stall). It records the request lines.
/// </summary>
public sealed class RawHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<string, string?> _respond;
    private readonly bool _holdOpen;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentBag<TcpClient> _connections = [];
    private readonly Task _loop;

    private RawHttpServer(Func<string, string?> respond, bool holdOpen)
    {
        _respond = respond;
        _holdOpen = holdOpen;
        _listener.Start();
        _loop = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>First lines of the requests received, e.g. "DELETE /lake/f HTTP/1.1".</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>Answers every request with <paramref name="raw"/> and closes the connection.</summary>
    public static RawHttpServer Answering(string raw) => new(_ => raw, holdOpen: false);

    /// <summary>Answers by request head; null means never answer. With <paramref name="holdOpen"/> the connection
    /// stays open after the answer, so an unfinished body stalls instead of ending.</summary>
    public static RawHttpServer Responding(Func<string, string?> respond, bool holdOpen) => new(respond, holdOpen);

    /// <summary>Accepts connections and never answers.</summary>
    public static RawHttpServer Silent() => new(_ => null, holdOpen: true);

    public static string Status(int code, string reason, string body = "") =>
        $"HTTP/1.1 {code} {reason}\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}";

    public Uri Url(string path) => new($"http://127.0.0.1:{Port}{path}");

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _loop;
        foreach (var connection in _connections)
        {
            connection.Dispose();
        }
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient connection;
            try
            {
                connection = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            _connections.Add(connection);
            _ = AnswerAsync(connection);
        }
    }

    private async Task AnswerAsync(TcpClient connection)
    {
        try
        {
            var stream = connection.GetStream();
            var request = new List<byte>();
            var buffer = new byte[4096];
            int end;
            while ((end = CollectionsMarshal.AsSpan(request).IndexOf("\r\n\r\n"u8)) < 0)
            {
                var read = await stream.ReadAsync(buffer, _stop.Token);
                if (read == 0 || request.Count > 65536)
                {
                    return;
                }
                request.AddRange(buffer.AsSpan(0, read));
            }
            var head = Encoding.ASCII.GetString(CollectionsMarshal.AsSpan(request)[..end]);
            Requests.Enqueue(head.Split("\r\n")[0]);
            if (_respond(head) is { } raw)
            {
                await stream.WriteAsync(Encoding.ASCII.GetBytes(raw), _stop.Token);
                await stream.FlushAsync(_stop.Token);
            }
            if (_holdOpen)
            {
                await Task.Delay(Timeout.Infinite, _stop.Token);
            }
            connection.Client.Shutdown(SocketShutdown.Send);
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // The client gave up or the server is being disposed.
        }
        finally
        {
            connection.Dispose();
        }
    }
}
