using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Lakemon.Probes.Configuration;

/// <summary>Parses sizes such as <c>1024</c>, <c>1KiB</c>, <c>1.5 MB</c>: KB/MB/GB are powers of 1000, KiB/MiB/GiB of 1024.</summary>
public static class ByteSizeParser
{
    internal static readonly (string Unit, long Factor)[] Units =
    [
        ("KiB", 1L << 10), ("MiB", 1L << 20), ("GiB", 1L << 30),
        ("KB", 1000L), ("MB", 1000L * 1000), ("GB", 1000L * 1000 * 1000),
        ("B", 1L),
    ];

    /// <summary>Reads a size; the sign is kept so callers can say "must be positive" rather than "unparsable".</summary>
    public static bool TryParse(string text, out long bytes, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        bytes = 0;
        var trimmed = text.Trim();
        long factor = 1;
        var number = trimmed;
        foreach (var (unit, unitFactor) in Units)
        {
            if (trimmed.EndsWith(unit, StringComparison.OrdinalIgnoreCase))
            {
                factor = unitFactor;
                number = trimmed[..^unit.Length].TrimEnd();
                break;
            }
        }

        const NumberStyles style = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint;
        if (number.Length == 0 || !char.IsAsciiDigit(number[^1])
            || !decimal.TryParse(number, style, CultureInfo.InvariantCulture, out var value))
        {
            error = $"'{text}' is not a size (use bytes or a number with unit B, KB, MB, GB, KiB, MiB, GiB)";
            return false;
        }

        decimal total;
        try
        {
            total = value * factor;
        }
        catch (OverflowException)
        {
            error = $"size '{text}' is too large";
            return false;
        }
        if (total != decimal.Truncate(total))
        {
            error = $"size '{text}' is not a whole number of bytes";
            return false;
        }
        if (total > long.MaxValue || total < long.MinValue)
        {
            error = $"size '{text}' is too large";
            return false;
        }
        bytes = (long)total;
        error = null;
        return true;
    }
}
