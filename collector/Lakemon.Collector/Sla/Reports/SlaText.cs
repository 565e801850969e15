using System.Globalization;

namespace Lakemon.Collector.Sla.Reports;

/// <summary>How figures read in the human forms (table, Markdown, HTML): percentages with two decimals, and
/// "undefined" where a figure has no value — never 0 % or 100 % (DESIGN.md §6).</summary>
internal static class SlaText
{
    public const string Undefined = "undefined";

    public static string Percent(double? fraction) =>
        fraction is { } f ? (f * 100).ToString("0.00", CultureInfo.InvariantCulture) + "%" : Undefined;

    /// <summary>A fraction as in JSON and CSV: the rounded value, shortest form; empty when undefined.</summary>
    public static string Fraction(double? fraction) =>
        fraction is { } f ? f.ToString("R", CultureInfo.InvariantCulture) : "";

    public static string Verdict(SlaVerdict verdict) =>
        verdict.Pass ? "pass" : "FAIL (" + string.Join(", ", verdict.Failed) + ")";

    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Period(SlaReport report) => $"{Date(report.From)}..{Date(report.To)}";

    /// <summary>Each entity's month rows, RSEs first, then sites.</summary>
    public static IEnumerable<(string Scope, SlaEntity Entity, SlaMonth Month)> MonthRows(SlaReport report) =>
        report.Rses.SelectMany(r => r.Months.Select(m => ("rse", r, m)))
            .Concat(report.Sites.SelectMany(s => s.Months.Select(m => ("site", s, m))));
}
