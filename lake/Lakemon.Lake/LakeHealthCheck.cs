using Lakemon.Probes.Tls;

namespace Lakemon.Lake;

/// <summary>
/// An RSE is healthy when its https endpoint answers with a certificate that chains to the lake CA: that proves the
/// server runs, XrdHttp is loaded and TLS (which HTTP-TPC needs) is configured.
/// </summary>
public sealed class LakeHealthCheck : IDisposable
{
    private readonly HttpClient _client;

    public LakeHealthCheck(string caFile)
    {
        var trust = CaTrust.From(caDirectory: null, caFile) ?? throw new ArgumentException("a CA file is required", nameof(caFile));
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.Zero,
            ConnectTimeout = TimeSpan.FromSeconds(2),
        };
        trust.Apply(handler.SslOptions);
        _client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(3) };
    }

    public async Task<bool> IsHealthyAsync(int port, CancellationToken cancellationToken)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Head, $"https://127.0.0.1:{port}/");
            using var response = await _client.SendAsync(request, cancellationToken);
            return true;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    public void Dispose()
    {
        _client.Dispose();
    }
}
