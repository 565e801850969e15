using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Lakemon.Probes.Tls;

/// <summary>
/// Server certificate validation against a configured CA directory/file (grid sites run private CAs, e.g. the IGTF
/// bundle in /etc/grid-security/certificates) instead of, not in addition to, the system store when one is given.
/// </summary>
public sealed class CaTrust
{
    private readonly X509Certificate2Collection _roots;

    private CaTrust(X509Certificate2Collection roots) => _roots = roots;

    /// <summary>Null when neither is set: the system trust store applies.</summary>
    public static CaTrust? From(string? caDirectory, string? caFile)
    {
        if (caDirectory is null && caFile is null)
        {
            return null;
        }
        var roots = new X509Certificate2Collection();
        if (caFile is not null)
        {
            roots.ImportFromPemFile(caFile);
        }
        if (caDirectory is not null)
        {
            foreach (var file in Directory.EnumerateFiles(caDirectory).Where(f => f.EndsWith(".pem", StringComparison.Ordinal) || IsHashName(f)))
            {
                roots.ImportFromPemFile(file);
            }
        }
        return new CaTrust(roots);
    }

    /// <summary>
    /// Makes <paramref name="options"/> validate the server against these CAs only: SslStream builds the chain with
    /// this policy itself (once, where a validation callback would build a second chain after the default one), and
    /// name mismatch or a missing certificate still fail the handshake, as any SslPolicyErrors do without a callback.
    /// </summary>
    public void Apply(SslClientAuthenticationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var policy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
        };
        policy.CustomTrustStore.AddRange(_roots);
        options.CertificateChainPolicy = policy;
        options.RemoteCertificateValidationCallback = null;
    }

    // OpenSSL certdir names: 8 hex digits, a dot, a counter (e.g. 879f0605.0).
    private static bool IsHashName(string path)
    {
        var name = Path.GetFileName(path);
        return name.Length >= 10 && name[8] == '.' && name[..8].All(Uri.IsHexDigit) && name[9..].All(char.IsAsciiDigit);
    }
}
