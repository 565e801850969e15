using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Lakemon.Probes.Configuration;

/// <summary>
/// Validates Unix (5-field) and Quartz (6/7-field) cron expressions field by field and converts Unix ones to Quartz,
/// so a bad schedule is reported at load time with the field and the reason instead of when the scheduler starts.
/// </summary>
internal static class CronExpressionParser
{
    private static readonly string[] MonthNames = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
    private static readonly string[] DayNames = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

    private enum FieldKind { Second, Minute, Hour, DayOfMonth, Month, DayOfWeek, Year }

    private sealed record FieldSpec(FieldKind Kind, string Name, int Min, int Max, string[]? Names, int FirstNameValue)
    {
        // Quartz refuses increments above the field's largest value ("Increment > 60"); Unix cron gains nothing from them.
        public int MaxStep => Kind == FieldKind.Year ? Max - Min : Max;
    }

    private static readonly FieldSpec Second = new(FieldKind.Second, "second", 0, 59, null, 0);
    private static readonly FieldSpec Minute = new(FieldKind.Minute, "minute", 0, 59, null, 0);
    private static readonly FieldSpec Hour = new(FieldKind.Hour, "hour", 0, 23, null, 0);
    private static readonly FieldSpec DayOfMonth = new(FieldKind.DayOfMonth, "day-of-month", 1, 31, null, 0);
    private static readonly FieldSpec Month = new(FieldKind.Month, "month", 1, 12, MonthNames, 1);
    // Unix weekdays are 0-7 with 0 and 7 both Sunday; Quartz's are 1-7 with 1 Sunday.
    private static readonly FieldSpec UnixDayOfWeek = new(FieldKind.DayOfWeek, "day-of-week", 0, 7, DayNames, 0);
    private static readonly FieldSpec QuartzDayOfWeek = new(FieldKind.DayOfWeek, "day-of-week", 1, 7, DayNames, 1);
    private static readonly FieldSpec Year = new(FieldKind.Year, "year", 1970, 2099, null, 0);

    private static readonly FieldSpec[] UnixFields = [Minute, Hour, DayOfMonth, Month, UnixDayOfWeek];
    private static readonly FieldSpec[] QuartzFields = [Second, Minute, Hour, DayOfMonth, Month, QuartzDayOfWeek, Year];

    /// <summary>One list element, parsed: the values it selects and whether it was written with names or a step.</summary>
    private sealed record Item(bool IsStar, bool IsQuestion, bool IsSpecial, bool HasNames, bool HasStep, int Start, int End, int Step);

    public static bool TryConvert(string expression, [NotNullWhen(true)] out string? quartz, [NotNullWhen(false)] out string? error)
    {
        quartz = null;
        var fields = expression.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        var quartzStyle = fields.Length is 6 or 7;
        if (fields.Length != 5 && !quartzStyle)
        {
            error = $"expected 5 fields (Unix cron) or 6-7 fields (Quartz, seconds first), got {fields.Length}";
            return false;
        }

        var specs = quartzStyle ? QuartzFields : UnixFields;
        var items = new List<Item>[fields.Length];
        for (var f = 0; f < fields.Length; f++)
        {
            items[f] = [];
            var spec = specs[f];
            var parts = fields[f].Split(',');
            foreach (var part in parts)
            {
                var itemError = ParseItem(part, spec, quartzStyle, out var item);
                if (itemError is null && (item.IsQuestion || item.IsSpecial) && parts.Length > 1)
                {
                    itemError = $"'{part}' cannot be combined with other values in a list";
                }
                if (itemError is not null)
                {
                    error = $"field {f + 1} ({spec.Name}): {itemError}";
                    return false;
                }
                items[f].Add(item);
            }
        }

        var upper = fields.Select(field => field.ToUpperInvariant()).ToArray();
        if (quartzStyle)
        {
            var domQuestion = items[3][0].IsQuestion;
            var dowQuestion = items[5][0].IsQuestion;
            if (domQuestion == dowQuestion)
            {
                // Quartz does not implement day-of-month AND day-of-week together, nor neither.
                error = "exactly one of day-of-month (field 4) and day-of-week (field 6) must be '?'";
                return false;
            }
            quartz = string.Join(' ', upper);
            error = null;
            return true;
        }

        var domStar = fields[2] == "*";
        var dowStar = fields[4] == "*";
        if (!domStar && !dowStar)
        {
            error = "day-of-month and day-of-week are both restricted; Unix cron matches either, which Quartz cannot express";
            return false;
        }
        var month = ConvertField(fields[3], items[3], shiftWeekdays: false);
        var dom = dowStar ? upper[2] : "?";
        var dow = dowStar ? "?" : ConvertField(fields[4], items[4], shiftWeekdays: true);
        quartz = $"0 {upper[0]} {upper[1]} {dom} {month} {dow}";
        error = null;
        return true;
    }

    private static string? ParseItem(string text, FieldSpec spec, bool quartzStyle, out Item item)
    {
        item = new Item(false, false, false, false, false, spec.Min, spec.Max, 1);
        // Names and L/W/# are case-insensitive (as in Quartz); messages quote the text as written.
        var token = text;
        if (token.Length == 0)
        {
            return "empty value in list";
        }
        if (token == "?")
        {
            if (!quartzStyle)
            {
                return "'?' is Quartz syntax and needs a 6- or 7-field expression";
            }
            if (spec.Kind is not (FieldKind.DayOfMonth or FieldKind.DayOfWeek))
            {
                return "'?' is only allowed in day-of-month and day-of-week";
            }
            item = item with { IsQuestion = true };
            return null;
        }
        if (quartzStyle && TryParseQuartzSpecial(token, spec, out var specialError))
        {
            item = item with { IsSpecial = true };
            return specialError;
        }

        var slash = token.IndexOf('/', StringComparison.Ordinal);
        var rangePart = slash < 0 ? token : token[..slash];
        var hasStep = slash >= 0;
        var step = 1;
        if (hasStep)
        {
            var stepText = token[(slash + 1)..];
            if (!int.TryParse(stepText, NumberStyles.None, CultureInfo.InvariantCulture, out step))
            {
                return $"step '{stepText}' is not a number";
            }
            if (step < 1 || step > spec.MaxStep)
            {
                return $"step {step} is out of range 1-{spec.MaxStep}";
            }
        }

        if (rangePart == "*")
        {
            item = item with { IsStar = true, HasStep = hasStep, Step = step };
            return null;
        }

        var dash = rangePart.IndexOf('-', StringComparison.Ordinal);
        var startText = dash < 0 ? rangePart : rangePart[..dash];
        var valueError = ParseValue(startText, spec, out var start, out var startIsName);
        if (valueError is not null)
        {
            return valueError;
        }
        var end = hasStep ? spec.Max : start;
        var endIsName = false;
        if (dash >= 0)
        {
            valueError = ParseValue(rangePart[(dash + 1)..], spec, out end, out endIsName);
            if (valueError is not null)
            {
                return valueError;
            }
            // Quartz wraps ranges such as FRI-MON or 22-2; Unix cron refuses them.
            if (end < start && !quartzStyle)
            {
                return $"range {rangePart} is reversed";
            }
        }
        var hasNames = startIsName || endIsName;
        if (quartzStyle && hasNames && hasStep)
        {
            return $"'{text}': Quartz does not accept a step after names; use numbers";
        }
        item = new Item(false, false, false, hasNames, hasStep, start, end, step);
        return null;
    }

    private static string? ParseValue(string token, FieldSpec spec, out int value, out bool isName)
    {
        isName = false;
        if (token.Length > 0 && token.All(char.IsAsciiDigit))
        {
            if (!int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out value) || value < spec.Min || value > spec.Max)
            {
                value = 0;
                return $"{token} is out of range {spec.Min}-{spec.Max}";
            }
            return null;
        }
        var index = spec.Names is null ? -1 : Array.FindIndex(spec.Names, name => name.Equals(token, StringComparison.OrdinalIgnoreCase));
        if (index >= 0)
        {
            isName = true;
            value = index + spec.FirstNameValue;
            return null;
        }
        value = 0;
        return spec.Names is null
            ? $"'{token}' is not a number"
            : $"'{token}' is not a number or a {(spec.Kind == FieldKind.Month ? "month" : "weekday")} name";
    }

    /// <summary>Quartz's L, W and # forms; returns false when the token is not one of them.</summary>
    private static bool TryParseQuartzSpecial(string token, FieldSpec spec, out string? error)
    {
        error = null;
        var upper = token.ToUpperInvariant();
        if (spec.Kind == FieldKind.DayOfMonth)
        {
            if (upper is "L" or "LW")
            {
                return true;
            }
            if (upper.StartsWith("L-", StringComparison.Ordinal))
            {
                error = CheckNumber(token[2..], 1, 30, "offset");
                return true;
            }
            if (upper.EndsWith('W') && token.Length > 1 && token[..^1].All(char.IsAsciiDigit))
            {
                error = CheckNumber(token[..^1], 1, 31, "day");
                return true;
            }
            return false;
        }
        if (spec.Kind == FieldKind.DayOfWeek)
        {
            if (upper == "L")
            {
                return true;
            }
            var hash = token.IndexOf('#', StringComparison.Ordinal);
            if (hash > 0)
            {
                error = ParseValue(token[..hash], spec, out _, out _) ?? CheckNumber(token[(hash + 1)..], 1, 5, "occurrence");
                return true;
            }
            if (token.Length > 1 && upper.EndsWith('L'))
            {
                error = ParseValue(token[..^1], spec, out _, out _);
                return true;
            }
        }
        return false;
    }

    private static string? CheckNumber(string text, int min, int max, string what) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? null
            : $"{what} '{text}' is out of range {min}-{max}";

    /// <summary>
    /// Rewrites a Unix month or weekday field for Quartz. Items Quartz reads the same way are kept; numeric weekdays
    /// and stepped name ranges are expanded to Quartz numbers because the shift (Sunday 0/7 → 1) breaks ranges.
    /// </summary>
    private static string ConvertField(string field, List<Item> items, bool shiftWeekdays)
    {
        var parts = field.ToUpperInvariant().Split(',');
        var converted = new List<string>(parts.Length);
        for (var i = 0; i < parts.Length; i++)
        {
            var item = items[i];
            var keep = item.IsStar || (item.HasNames && !item.HasStep) || (!shiftWeekdays && !item.HasNames);
            if (keep)
            {
                // "*/n" is the same set in both: Unix 0,n,2n.. shifted by one is Quartz 1,1+n,1+2n..
                converted.Add(parts[i]);
                continue;
            }
            var values = new SortedSet<int>();
            for (var v = item.Start; v <= item.End; v += item.Step)
            {
                values.Add(shiftWeekdays ? v % 7 + 1 : v);
            }
            converted.Add(Compress(values));
        }
        return string.Join(',', converted);
    }

    private static string Compress(SortedSet<int> values)
    {
        var sb = new StringBuilder();
        var sorted = values.ToArray();
        for (var i = 0; i < sorted.Length;)
        {
            var j = i;
            while (j + 1 < sorted.Length && sorted[j + 1] == sorted[j] + 1)
            {
                j++;
            }
            if (sb.Length > 0)
            {
                sb.Append(',');
            }
            sb.Append(sorted[i].ToString(CultureInfo.InvariantCulture));
            if (j > i)
            {
                sb.Append('-').Append(sorted[j].ToString(CultureInfo.InvariantCulture));
            }
            i = j + 1;
        }
        return sb.ToString();
    }
}
