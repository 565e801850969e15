using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Lakemon.IntegrationTests.Support;

/// <summary>A self-signed CA that signed nothing the lake serves: configured as the only trusted CA, every lake
/// handshake must fail.</summary>
public static class ForeignCa
{
    /// <summary>Writes the CA certificate as PEM into <paramref name="directory"/> and returns the file's path.</summary>
    public static string WritePemFile(string directory)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=lakemon foreign test CA", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        var path = Path.Combine(directory, "foreign-ca.pem");
        File.WriteAllText(path, certificate.ExportCertificatePem());
        return path;
    }
}
