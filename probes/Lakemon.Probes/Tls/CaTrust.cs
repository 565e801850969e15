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

    public bool Validate(X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0)
        {
            return false;
        }
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }

    // OpenSSL certdir names: 8 hex digits, a dot, a counter (e.g. 879f0605.0).
    private static bool IsHashName(string path)
    {
        var name = Path.GetFileName(path);
        return name.Length >= 10 && name[8] == '.' && name[..8].All(Uri.IsHexDigit) && name[9..].All(char.IsAsciiDigit);
    }
}
