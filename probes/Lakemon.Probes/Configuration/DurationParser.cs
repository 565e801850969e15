using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Lakemon.Probes.Configuration;

/// <summary>
/// Parses Prometheus-style durations: <c>500ms</c>, <c>30s</c>, <c>5m</c>, <c>1h</c>, <c>2d</c> and combinations such as
/// <c>1h30m</c>, units largest first and each at most once so "1m1h" (probably a typo) is refused.
/// </summary>
public static class DurationParser
{
    private static readonly (string Unit, long Milliseconds)[] Units =
    [
        ("d", 86_400_000), ("h", 3_600_000), ("m", 60_000), ("s", 1_000), ("ms", 1),
    ];

    /// <summary>Writes a duration the way <see cref="TryParse"/> reads it, largest units first ("1m30s"); what is below a
    /// millisecond is dropped.</summary>
    public static string Format(TimeSpan value)
    {
        var remaining = Math.Abs(value.Ticks / TimeSpan.TicksPerMillisecond);
        if (remaining == 0)
        {
            return "0";
        }
        var text = new StringBuilder(value < TimeSpan.Zero ? "-" : "");
        foreach (var (unit, milliseconds) in Units)
        {
            if (remaining >= milliseconds)
            {
                text.Append(CultureInfo.InvariantCulture, $"{remaining / milliseconds}{unit}");
                remaining %= milliseconds;
            }
        }
        return text.ToString();
    }

    /// <summary>Reads a duration; a leading '-' is accepted so callers can say "must be positive" rather than "unparsable".</summary>
    public static bool TryParse(string text, out TimeSpan value, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        value = TimeSpan.Zero;
        error = $"'{text}' is not a duration (use a number with unit ms, s, m, h or d, e.g. 30s or 1h30m)";
        var s = text.Trim();
        var negative = s.StartsWith('-');
        if (negative)
        {
            s = s[1..];
        }
        if (s == "0")
        {
            error = null;
            return true;
        }
        if (s.Length == 0)
        {
            return false;
        }

        long total = 0;
        var lastUnit = -1;
        var i = 0;
        while (i < s.Length)
        {
            var digitsStart = i;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
            }
            var unitStart = i;
            while (i < s.Length && char.IsAsciiLetter(s[i]))
            {
                i++;
            }
            var unitIndex = Array.FindIndex(Units, u => u.Unit == s[unitStart..i]);
            if (unitStart == digitsStart || unitIndex <= lastUnit)
            {
                return false;
            }
            lastUnit = unitIndex;
            if (!long.TryParse(s[digitsStart..unitStart], NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
            {
                error = $"duration '{text}' is too large";
                return false;
            }
            try
            {
                total = checked(total + checked(amount * Units[unitIndex].Milliseconds));
            }
            catch (OverflowException)
            {
                error = $"duration '{text}' is too large";
                return false;
            }
        }
        if (total > (long)TimeSpan.MaxValue.TotalMilliseconds)
        {
            error = $"duration '{text}' is too large";
            return false;
        }
        value = TimeSpan.FromMilliseconds(negative ? -total : total);
        error = null;
        return true;
    }
}
