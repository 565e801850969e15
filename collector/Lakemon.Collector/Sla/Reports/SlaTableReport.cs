using System.Globalization;

namespace Lakemon.Collector.Sla.Reports;

/// <summary>
/// The human forms of a report: an aligned text table (<see cref="WriteText"/>) or Markdown tables
/// (<see cref="WriteMarkdown"/>) with the monthly rows of every RSE and site and the TPC links. The daily rows are in the
/// JSON, CSV and HTML forms.
/// </summary>
public static class SlaTableReport
{
    private static readonly string[] MonthHeader = ["scope", "name", "site", "month", "availability", "reliability", "unknown", "downtime", "targets"];

    private static readonly string[] LinkHeader = ["source", "destination", "tpc_mode", "ok", "warning", "critical", "unknown", "success"];

    public static void WriteText(SlaReport report, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write($"SLA {SlaText.Period(report)}, {Targets(report)}\n\n");
        Aligned(writer, MonthHeader, MonthRows(report));
        if (report.Links.Count > 0)
        {
            writer.Write("\nTPC links (success = (OK + WARNING) / (OK + WARNING + CRITICAL))\n\n");
            Aligned(writer, LinkHeader, LinkRows(report));
        }
    }

    public static void WriteMarkdown(SlaReport report, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write($"# SLA {SlaText.Period(report)}\n\nTargets: {Targets(report)}.\n\n## Monthly\n\n");
        Markdown(writer, MonthHeader, MonthRows(report));
        if (report.Links.Count > 0)
        {
            writer.Write("\n## TPC links\n\nsuccess = (OK + WARNING) / (OK + WARNING + CRITICAL)\n\n");
            Markdown(writer, LinkHeader, LinkRows(report));
        }
    }

    private static string Targets(SlaReport report) =>
        $"targets availability ≥ {SlaText.Percent(report.Targets.Availability)}, reliability ≥ {SlaText.Percent(report.Targets.Reliability)}, unknown ≤ {SlaText.Percent(report.Targets.Unknown)}";

    private static List<string[]> MonthRows(SlaReport report) =>
    [
        .. SlaText.MonthRows(report).Select(row => new[]
        {
            row.Scope, row.Entity.Name, row.Scope == "rse" ? row.Entity.Site ?? "" : string.Join(" ", row.Entity.Members), row.Month.Month,
            SlaText.Percent(row.Month.Figures.Availability), SlaText.Percent(row.Month.Figures.Reliability),
            SlaText.Percent(row.Month.Figures.Unknown), SlaText.Percent(row.Month.Figures.Downtime), SlaText.Verdict(row.Month.Verdict),
        }),
    ];

    private static List<string[]> LinkRows(SlaReport report) =>
    [
        .. report.Links.Select(link => new[]
        {
            link.Source, link.Destination, link.Mode, Count(link.Ok), Count(link.Warning), Count(link.Critical), Count(link.Unknown),
            SlaText.Percent(link.SuccessRatio),
        }),
    ];

    private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static void Aligned(TextWriter writer, string[] header, List<string[]> rows)
    {
        var widths = header.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        void Line(string[] cells) => writer.Write(string.Join("  ", cells.Select((c, i) => c.PadRight(widths[i]))).TrimEnd() + "\n");
        Line([.. header.Select(h => h.ToUpperInvariant())]);
        foreach (var row in rows)
        {
            Line(row);
        }
    }

    private static void Markdown(TextWriter writer, string[] header, List<string[]> rows)
    {
        writer.Write("| " + string.Join(" | ", header) + " |\n");
        writer.Write("|" + string.Concat(header.Select(_ => "---|")) + "\n");
        foreach (var row in rows)
        {
            writer.Write("| " + string.Join(" | ", row.Select(c => c.Replace("|", "\\|", StringComparison.Ordinal))) + " |\n");
        }
    }
}
