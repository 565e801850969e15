using Lakemon.Probes.Security;

namespace Lakemon.Tests.Security;

public class SecretRedactorTests
{
    private const string Jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJsYWtlbW9uIiwic2NvcGUiOiJzdG9yYWdlLnJlYWQ6LyJ9.c2lnbmF0dXJlLWJ5dGVz";

    [Theory]
    [InlineData("Authorization: Bearer abcdefghijklmnop", "abcdefghijklmnop")]
    [InlineData("GET https://se.example.org/f?authz=" + Jwt + " failed", Jwt)]
    [InlineData("token " + Jwt, Jwt)]
    [InlineData("PUT https://s3.example.org/b/k?X-Amz-Credential=AKIA123&X-Amz-Signature=deadbeefcafe answered 403", "deadbeefcafe")]
    [InlineData("davs://alice:s3cr3tpass@host.example.org/path", "s3cr3tpass")]
    [InlineData("root://host//f?tpc.key=1&authz=Bearer%20xyz123456789&x=1", "xyz123456789")]
    public void Redact_TextWithASecret_RemovesTheSecretAndKeepsTheRest(string text, string secret)
    {
        var redacted = SecretRedactor.Redact(text);

        Assert.DoesNotContain(secret, redacted, StringComparison.Ordinal);
        Assert.Contains(SecretRedactor.Mask, redacted, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PUT https://127.0.0.1:21094/lake/f answered 404 Not Found")]
    [InlineData("adler32 mismatch: 11e60398 != 024d0127")]
    public void Redact_TextWithoutSecrets_IsUnchanged(string text) => Assert.Equal(text, SecretRedactor.Redact(text));
}
