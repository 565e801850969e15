using System.Globalization;
using Lakemon.Probes.Configuration;

namespace Lakemon.Probes.Reports;

/// <summary>
/// Writes a byte count the way sizes are configured: 1KiB, 1MiB, 1MB, 1500B. The largest unit of
/// <see cref="ByteSizeParser"/> that divides the count exactly is used, so the text is short, exact, and parses back
/// to the same number.
/// </summary>
public static class SizeText
{
    private static readonly (string Unit, long Factor)[] LargestFirst =
        [.. ByteSizeParser.Units.OrderByDescending(u => u.Factor)];

    public static string Format(long bytes)
    {
        foreach (var (unit, factor) in LargestFirst)
        {
            if (bytes != 0 && bytes % factor == 0)
            {
                return string.Create(CultureInfo.InvariantCulture, $"{bytes / factor}{unit}");
            }
        }
        return string.Create(CultureInfo.InvariantCulture, $"{bytes}B");
    }
}
