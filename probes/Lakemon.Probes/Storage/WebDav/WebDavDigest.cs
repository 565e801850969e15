using System.Globalization;

namespace Lakemon.Probes.Storage.WebDav;

/// <summary>Parses an RFC 3230 <c>Digest</c> header ("adler32=0a1b2c3d, md5=...") into lower-case hex.</summary>
internal static class WebDavDigest
{
    /// <summary>The digest for <paramref name="algorithm"/> as lower-case hex, or null when absent or malformed.</summary>
    public static string? Parse(string header, string algorithm)
    {
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || !part[..equals].Trim().Equals(algorithm, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            return Normalize(part[(equals + 1)..].Trim(), algorithm);
        }
        return null;
    }

    private static string? Normalize(string value, string algorithm)
    {
        if (algorithm.Equals("adler32", StringComparison.OrdinalIgnoreCase) || algorithm.Equals("crc32c", StringComparison.OrdinalIgnoreCase))
        {
            // 32-bit sums: some servers drop leading zeros; anything else is not a 32-bit hex number.
            return value.Length is > 0 and <= 8 && uint.TryParse(value, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var sum)
                ? sum.ToString("x8", CultureInfo.InvariantCulture)
                : null;
        }
        if (value.Length > 0 && value.All(Uri.IsHexDigit) && value.Length % 2 == 0 && !algorithm.Equals("md5", StringComparison.OrdinalIgnoreCase))
        {
            return value.ToLowerInvariant();
        }
        if (algorithm.Equals("md5", StringComparison.OrdinalIgnoreCase) && value.Length == 32 && value.All(Uri.IsHexDigit))
        {
            return value.ToLowerInvariant();
        }
        var bytes = new byte[value.Length];
        return Convert.TryFromBase64String(value, bytes, out var written) && written > 0 ? Convert.ToHexStringLower(bytes.AsSpan(0, written)) : null;
    }
}
