using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Lakemon.Lake;

namespace Lakemon.Tests.Lake;

public class OpenSslSubjectHashTests
{
    [Theory]
    [InlineData("CN=lakemon local lake CA, O=lakemon")]
    [InlineData("CN=  Mixed   Case  Name , OU=Grid, O=CERN, C=CH")]
    [InlineData("E=admin@example.org, CN=host.example.org, DC=example, DC=org")]
    public void Compute_AnySubject_EqualsOpenSslSubjectHash(string subject)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var pem = Path.Combine(Path.GetTempPath(), $"lakemon-hash-{Guid.NewGuid():N}.pem");
        File.WriteAllText(pem, certificate.ExportCertificatePem());
        try
        {
            Assert.Equal(OpenSsl("x509", "-in", pem, "-noout", "-subject_hash"), OpenSslSubjectHash.Compute(certificate));
        }
        finally
        {
            File.Delete(pem);
        }
    }

    private static string OpenSsl(params string[] arguments)
    {
        var start = new ProcessStartInfo("openssl") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        return output.Trim();
    }
}
