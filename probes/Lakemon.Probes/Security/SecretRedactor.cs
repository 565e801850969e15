using System.Text.RegularExpressions;

namespace Lakemon.Probes.Security;

/// <summary>
/// Removes secrets from any text that may reach a log, a metric, a report or an error: bearer tokens, JWTs,
/// passwords in URLs and the signature/token parts of signed URLs (S3 pre-signed, XRootD `authz=`, macaroons).
/// </summary>
public static partial class SecretRedactor
{
    public const string Mask = "***";

    public static string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? "";
        }
        text = BearerPattern().Replace(text, m => m.Groups[1].Value + Mask);
        text = JwtPattern().Replace(text, Mask);
        text = UserInfoPattern().Replace(text, m => m.Groups[1].Value + Mask + "@");
        text = SecretQueryPattern().Replace(text, m => m.Groups[1].Value + Mask);
        return text;
    }

    [GeneratedRegex(@"(?i)(\b(?:bearer|token|authorization:)\s*[:=]?\s*)[A-Za-z0-9\-._~+/]{8,}=*")]
    private static partial Regex BearerPattern();

    // Three base64url segments, the first starting like a JSON header ("eyJ"): a JWT wherever it appears.
    [GeneratedRegex(@"eyJ[A-Za-z0-9_\-]{5,}\.[A-Za-z0-9_\-]{5,}\.[A-Za-z0-9_\-]*")]
    private static partial Regex JwtPattern();

    [GeneratedRegex(@"(\b[a-zA-Z][a-zA-Z0-9+.\-]*://[^/\s:@]+:)[^@\s/]+@")]
    private static partial Regex UserInfoPattern();

    [GeneratedRegex(@"(?i)([?&;](?:authz|access_token|token|x-amz-signature|x-amz-credential|x-amz-security-token|signature|sig|macaroon|password|passwd|pwd)=)[^&\s""']+")]
    private static partial Regex SecretQueryPattern();
}
