using System.Globalization;
using System.Net;
using System.Text;

namespace Lakemon.Collector.Sla.Reports;

/// <summary>
/// The HTML form: one self-contained file (inline CSS and SVG, no script, no external URL) with the monthly table, a
/// daily availability heat-map per RSE and the TPC link matrix; print CSS keeps colours and avoids splitting a section.
/// </summary>
public static class SlaHtmlReport
{
    private const int Cell = 16;
    private const int Gap = 2;
    private const int LabelWidth = 150;
    private const int HeaderHeight = 28;

    private const string Style = """
        body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 24px; color: #1b1b1b; }
        h1 { font-size: 1.5em; margin: 0 0 4px; }
        h2 { font-size: 1.15em; margin: 28px 0 8px; }
        p.meta { color: #555; margin: 0 0 12px; }
        table { border-collapse: collapse; font-size: 0.9em; }
        th, td { border: 1px solid #ccc; padding: 4px 8px; text-align: left; }
        th { background: #f0f0f0; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; }
        .pass { background: #e3f4e4; }
        .fail { background: #fbe3e3; }
        .undefined { color: #777; font-style: italic; }
        .legend span { display: inline-block; width: 12px; height: 12px; margin: 0 4px 0 12px; vertical-align: middle; border: 1px solid #999; }
        section { margin-bottom: 16px; }
        svg text { font-size: 11px; fill: #1b1b1b; }
        @media print {
          body { margin: 8mm; font-size: 10pt; }
          * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
          section { break-inside: avoid; page-break-inside: avoid; }
        }
        """;

    public static void Write(SlaReport report, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(writer);
        var html = new StringBuilder();
        var period = SlaText.Period(report);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>lakemon SLA ").Append(period).Append("</title>\n<style>\n").Append(Style).Append("</style>\n</head>\n<body>\n")
            .Append("<h1>lakemon SLA report ").Append(period).Append("</h1>\n")
            .Append("<p class=\"meta\">Targets: availability ≥ ").Append(SlaText.Percent(report.Targets.Availability))
            .Append(", reliability ≥ ").Append(SlaText.Percent(report.Targets.Reliability))
            .Append(", unknown ≤ ").Append(SlaText.Percent(report.Targets.Unknown))
            .Append(". Slices of ").Append(report.Slice.TotalMinutes.ToString(CultureInfo.InvariantCulture)).Append(" min (WLCG/ARGO rules). Overall: ")
            .Append(report.Pass ? "all targets met" : "targets failed").Append(".</p>\n");
        Monthly(html, report);
        HeatMap(html, report);
        Links(html, report);
        html.Append("</body>\n</html>\n");
        writer.Write(html.ToString());
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static void Figure(StringBuilder html, double? value) =>
        html.Append(value is null ? "<td class=\"num undefined\">" : "<td class=\"num\">").Append(SlaText.Percent(value)).Append("</td>");

    private static void Monthly(StringBuilder html, SlaReport report)
    {
        html.Append("<section id=\"monthly\">\n<h2>Monthly availability and reliability</h2>\n<table id=\"monthly-table\">\n")
            .Append("<thead><tr><th>scope</th><th>name</th><th>site / RSEs</th><th>month</th><th>days</th><th>availability</th>")
            .Append("<th>reliability</th><th>unknown</th><th>downtime</th><th>targets</th></tr></thead>\n<tbody>\n");
        foreach (var (scope, entity, month) in SlaText.MonthRows(report))
        {
            html.Append("<tr class=\"").Append(month.Verdict.Pass ? "pass" : "fail").Append("\"><td>").Append(scope).Append("</td><td>")
                .Append(E(entity.Name)).Append("</td><td>").Append(E(scope == "rse" ? entity.Site ?? "" : string.Join(" ", entity.Members)))
                .Append("</td><td>").Append(month.Month).Append("</td><td class=\"num\">").Append(month.Days.ToString(CultureInfo.InvariantCulture)).Append("</td>");
            Figure(html, month.Figures.Availability);
            Figure(html, month.Figures.Reliability);
            Figure(html, month.Figures.Unknown);
            Figure(html, month.Figures.Downtime);
            html.Append("<td>").Append(E(SlaText.Verdict(month.Verdict))).Append("</td></tr>\n");
        }
        html.Append("</tbody>\n</table>\n</section>\n");
    }

    /// <summary>Green: meets the availability target; amber: within 20 points below it; red: further below; grey:
    /// undefined (nothing known that day).</summary>
    private static string Colour(double? availability, double target) => availability switch
    {
        null => "#bdbdbd",
        { } a when a >= target => "#2e7d32",
        { } a when a >= target - 0.2 => "#f9a825",
        _ => "#c62828",
    };

    private static void HeatMap(StringBuilder html, SlaReport report)
    {
        var rows = report.Rses.Concat(report.Sites).ToList();
        var days = report.Rses.FirstOrDefault()?.Days.Count ?? 0;
        var width = LabelWidth + Math.Max(days, 1) * (Cell + Gap);
        var height = HeaderHeight + Math.Max(rows.Count, 1) * (Cell + Gap);
        var target = report.Targets.Availability;
        html.Append("<section id=\"heatmap\">\n<h2>Daily availability</h2>\n")
            .Append("<p class=\"legend\">").Append("<span style=\"background:#2e7d32\"></span>≥ ").Append(SlaText.Percent(target))
            .Append("<span style=\"background:#f9a825\"></span>≥ ").Append(SlaText.Percent(Math.Max(0, target - 0.2)))
            .Append("<span style=\"background:#c62828\"></span>lower<span style=\"background:#bdbdbd\"></span>undefined</p>\n")
            .Append(CultureInfo.InvariantCulture, $"<svg id=\"heatmap-svg\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"Daily availability per RSE and site\">\n");
        for (var d = 0; d < days; d++)
        {
            var date = report.From.AddDays(d);
            if (d == 0 || date.Day == 1 || date.Day % 5 == 0)
            {
                html.Append(CultureInfo.InvariantCulture, $"<text x=\"{LabelWidth + d * (Cell + Gap)}\" y=\"{HeaderHeight - 8}\">{date.Day}</text>\n");
            }
        }
        for (var r = 0; r < rows.Count; r++)
        {
            var entity = rows[r];
            var y = HeaderHeight + r * (Cell + Gap);
            var label = report.Sites.Contains(entity) ? $"site {entity.Name}" : entity.Name;
            html.Append(CultureInfo.InvariantCulture, $"<text x=\"0\" y=\"{y + Cell - 4}\">{E(label)}</text>\n");
            for (var d = 0; d < entity.Days.Count; d++)
            {
                var day = entity.Days[d];
                html.Append(CultureInfo.InvariantCulture,
                    $"<rect class=\"day\" x=\"{LabelWidth + d * (Cell + Gap)}\" y=\"{y}\" width=\"{Cell}\" height=\"{Cell}\" fill=\"{Colour(day.Figures.Availability, target)}\">")
                    .Append("<title>").Append(E($"{label} {SlaText.Date(day.Date)}: availability {SlaText.Percent(day.Figures.Availability)}, reliability {SlaText.Percent(day.Figures.Reliability)}, unknown {SlaText.Percent(day.Figures.Unknown)}, downtime {SlaText.Percent(day.Figures.Downtime)}"))
                    .Append("</title></rect>\n");
            }
        }
        html.Append("</svg>\n</section>\n");
    }

    private static void Links(StringBuilder html, SlaReport report)
    {
        html.Append("<section id=\"links\">\n<h2>TPC links: success ratio</h2>\n");
        if (report.Links.Count == 0)
        {
            html.Append("<p class=\"undefined\">No transfer results in this period.</p>\n</section>\n");
            return;
        }
        var sources = report.Links.Select(l => l.Source).Distinct().Order(StringComparer.Ordinal).ToList();
        var destinations = report.Links.Select(l => l.Destination).Distinct().Order(StringComparer.Ordinal).ToList();
        html.Append("<p class=\"meta\">(OK + WARNING) / (OK + WARNING + CRITICAL); unknown results are left out. Rows: source, columns: destination.</p>\n")
            .Append("<table id=\"links-table\">\n<thead><tr><th>source \\ destination</th>");
        foreach (var destination in destinations)
        {
            html.Append("<th>").Append(E(destination)).Append("</th>");
        }
        html.Append("</tr></thead>\n<tbody>\n");
        foreach (var source in sources)
        {
            html.Append("<tr><th>").Append(E(source)).Append("</th>");
            foreach (var destination in destinations)
            {
                var cell = report.Links.Where(l => l.Source == source && l.Destination == destination).ToList();
                if (cell.Count == 0)
                {
                    html.Append("<td></td>");
                    continue;
                }
                var worst = cell.Select(l => l.SuccessRatio).Where(r => r is not null).DefaultIfEmpty(null).Min();
                html.Append("<td style=\"background:").Append(Colour(worst, report.Targets.Availability)).Append("1f\">")
                    .Append(string.Join("<br>", cell.Select(l => $"{E(l.Mode)}: {SlaText.Percent(l.SuccessRatio)} ({l.Ok + l.Warning}/{l.Ok + l.Warning + l.Critical})")))
                    .Append("</td>");
            }
            html.Append("</tr>\n");
        }
        html.Append("</tbody>\n</table>\n</section>\n");
    }
}
