using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Lakemon.Lake;

/// <summary>
/// An RSE is healthy when its https endpoint answers with a certificate that chains to the lake CA: that proves the
/// server runs, XrdHttp is loaded and TLS (which HTTP-TPC needs) is configured.
/// </summary>
public sealed class LakeHealthCheck : IDisposable
{
    private readonly HttpClient _client;
    private readonly X509Certificate2 _ca;

    public LakeHealthCheck(X509Certificate2 ca)
    {
        _ca = ca;
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.Zero,
            ConnectTimeout = TimeSpan.FromSeconds(2),
            SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = Validate },
        };
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

    private bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            return false;
        }
        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.Add(_ca);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return custom.Build(new X509Certificate2(certificate));
    }

    public void Dispose()
    {
        _client.Dispose();
        _ca.Dispose();
    }
}
