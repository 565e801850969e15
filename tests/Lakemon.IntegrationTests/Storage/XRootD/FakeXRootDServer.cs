using System.Net;
using System.Net.Sockets;

namespace Lakemon.IntegrationTests.Storage.XRootD;

/// <summary>
/// A scripted XRootD server on a loopback port for the cases a real xrootd will not produce on demand: truncated
/// answers, silence, kXR_wait, kXR_redirect. Each accepted connection runs the script; the helpers speak just enough
/// of the protocol (handshake, kXR_protocol, kXR_login) to bring a client to its first real request.
/// </summary>
public sealed class FakeXRootDServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private readonly Func<FakeXRootDConversation, CancellationToken, Task> _script;
    private int _connections;

    public FakeXRootDServer(Func<FakeXRootDConversation, CancellationToken, Task> script)
    {
        _script = script;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public int Connections => Volatile.Read(ref _connections);

    public Uri Url(string path) => new($"root://127.0.0.1:{Port}/{path}");

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        var running = new List<Task>();
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                Interlocked.Increment(ref _connections);
                running.Add(RunAsync(client));
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
        await Task.WhenAll(running);
    }

    private async Task RunAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                await _script(new FakeXRootDConversation(client.GetStream()), _stop.Token);
            }
            catch (Exception exception) when (exception is IOException or OperationCanceledException or SocketException or EndOfStreamException)
            {
                // The client hung up or the test ended: both are normal endings of a script.
            }
        }
    }
}
