using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Lakemon.Lake;

/// <summary>
/// The lake's private CA and the host certificate its servers present. Made with .NET's own crypto so that a fresh
/// machine needs no openssl command; written as PEM because XRootD (OpenSSL) and curl read PEM.
/// </summary>
public sealed class LakeCertificateAuthority
{
    // Host certificates are renewed well before they expire so that a long-lived lake never fails TLS overnight.
    private static readonly TimeSpan HostLifetime = TimeSpan.FromDays(365);
    private static readonly TimeSpan RenewBefore = TimeSpan.FromDays(30);

    public required string CaCertificatePath { get; init; }
    public required string CaKeyPath { get; init; }
    public required string HostCertificatePath { get; init; }
    public required string HostKeyPath { get; init; }
    /// <summary>An OpenSSL "certdir": the CA under its subject-hash name, as xrd.tlsca and curl --capath expect.</summary>
    public required string CertificateDirectory { get; init; }

    public static LakeCertificateAuthority At(string directory) => new()
    {
        CaCertificatePath = Path.Combine(directory, "ca.pem"),
        CaKeyPath = Path.Combine(directory, "ca.key"),
        HostCertificatePath = Path.Combine(directory, "host.pem"),
        HostKeyPath = Path.Combine(directory, "host.key"),
        CertificateDirectory = Path.Combine(directory, "certdir"),
    };

    /// <summary>Creates whatever is missing or about to expire; returns true when something was (re)written.</summary>
    public bool Ensure(TimeProvider time)
    {
        var now = time.GetUtcNow();
        var changed = false;
        if (!File.Exists(CaCertificatePath) || !File.Exists(CaKeyPath) || ExpiresSoon(CaCertificatePath, now))
        {
            CreateCa(now);
            changed = true;
        }
        if (changed || !File.Exists(HostCertificatePath) || !File.Exists(HostKeyPath) || ExpiresSoon(HostCertificatePath, now))
        {
            CreateHostCertificate(now);
            changed = true;
        }
        var hashed = Path.Combine(CertificateDirectory, OpenSslSubjectHash.Compute(LoadCa()) + ".0");
        if (changed || !File.Exists(hashed))
        {
            if (Directory.Exists(CertificateDirectory))
            {
                Directory.Delete(CertificateDirectory, recursive: true);
            }
            Directory.CreateDirectory(CertificateDirectory);
            File.Copy(CaCertificatePath, hashed);
            changed = true;
        }
        return changed;
    }

    public X509Certificate2 LoadCa() => X509CertificateLoader.LoadCertificateFromFile(CaCertificatePath);

    private static bool ExpiresSoon(string path, DateTimeOffset now)
    {
        using var cert = X509CertificateLoader.LoadCertificateFromFile(path);
        return cert.NotAfter.ToUniversalTime() - now.UtcDateTime < RenewBefore;
    }

    private void CreateCa(DateTimeOffset now)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=lakemon local lake CA, O=lakemon", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        using var ca = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(10));
        Directory.CreateDirectory(Path.GetDirectoryName(CaCertificatePath)!);
        WritePrivate(CaKeyPath, key.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(CaCertificatePath, ca.ExportCertificatePem() + "\n");
    }

    private void CreateHostCertificate(DateTimeOffset now)
    {
        using var caCert = LoadCa();
        using var caKey = RSA.Create();
        caKey.ImportFromPem(File.ReadAllText(CaKeyPath));
        using var issuer = caCert.CopyWithPrivateKey(caKey);

        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost, O=lakemon", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddIpAddress(IPAddress.Loopback);
        san.AddIpAddress(IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        // clientAuth too: the servers present this certificate when they pull from each other in HTTP-TPC.
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(caCert, true, false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        using var host = request.Create(issuer, now.AddDays(-1), now.Add(HostLifetime), serial);
        WritePrivate(HostKeyPath, key.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(HostCertificatePath, host.ExportCertificatePem() + "\n");
    }

    private static void WritePrivate(string path, string pem)
    {
        // Created 0600 from the start: XRootD refuses keys others can read, and a key must never be world-readable.
        if (File.Exists(path))
        {
            File.Delete(path);
        }
        using var stream = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        });
        using var writer = new StreamWriter(stream);
        writer.Write(pem);
        writer.Write('\n');
    }
}
