using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Lakemon.Scenarios.Engine;

namespace Lakemon.Scenarios.Reports;

/// <summary>Writes the final report of a run as Markdown, self-contained HTML (inline CSS, no scripts or links), JSON
/// and CSV: <c>load-report.{md,html,json,csv}</c> in one directory.</summary>
public static class LoadReportWriter
{
    public const string BaseName = "load-report";

    public static async Task WriteAllAsync(LoadRunResult result, string directory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, BaseName + ".md"), Markdown(result), cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(directory, BaseName + ".html"), Html(result), cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(directory, BaseName + ".json"), Json(result), cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(directory, BaseName + ".csv"), Csv(result), cancellationToken);
    }

    private static string Verdict(bool passed) => passed ? "PASS" : "FAIL";

    private static string Seconds(TimeSpan value) => value.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture) + " s";

    public static string Markdown(LoadRunResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# Load run {result.RunId}: {Verdict(result.Passed)}");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"kind `{result.Kind}`, started {result.StartedAt.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}, took {Seconds(result.Duration)}");
        md.AppendLine();
        MarkdownTable(md, LoadReportRows.Columns, [.. LoadReportRows.Rows(result)]);
        foreach (var failed in result.Scenarios.Where(s => s.Error is not null))
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"- **{failed.Stats.Name}**: {failed.Error}");
            md.AppendLine();
        }
        var thresholds = ThresholdRows(result).ToList();
        if (thresholds.Count > 0)
        {
            md.AppendLine("## Thresholds");
            md.AppendLine();
            MarkdownTable(md, ThresholdColumns, thresholds);
        }
        foreach (var section in result.Details)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"## {section.Title}{(section.Passed is { } p ? ": " + Verdict(p) : "")}");
            md.AppendLine();
            MarkdownTable(md, section.Columns, section.Rows);
        }
        return md.ToString();
    }

    private static readonly IReadOnlyList<string> ThresholdColumns = ["scenario", "threshold", "verdict", "failed_checks", "aborted"];

    private static IEnumerable<IReadOnlyList<string>> ThresholdRows(LoadRunResult result) =>
        result.Scenarios.SelectMany(s => s.Thresholds.Select(t => (IReadOnlyList<string>)
        [
            s.Stats.Name, t.Name, Verdict(t.Passed), t.ErrorCount.ToString(CultureInfo.InvariantCulture), t.Aborted ? "yes" : "no",
        ]));

    private static void MarkdownTable(StringBuilder md, IReadOnlyList<string> columns, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        md.AppendLine("| " + string.Join(" | ", columns) + " |");
        md.AppendLine("|" + string.Concat(columns.Select(_ => "---|")));
        foreach (var row in rows)
        {
            md.AppendLine("| " + string.Join(" | ", row.Select(c => c.Replace("|", "\\|", StringComparison.Ordinal))) + " |");
        }
        md.AppendLine();
    }

    public static string Html(LoadRunResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var html = new StringBuilder();
        html.AppendLine("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">");
        html.AppendLine(CultureInfo.InvariantCulture, $"<title>Load run {E(result.RunId)}</title>");
        html.AppendLine("<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin-bottom:2em}"
            + "th,td{border:1px solid #ccc;padding:4px 8px;text-align:right}th{background:#eee}td:first-child,td:nth-child(2){text-align:left}"
            + ".PASS{color:#070}.FAIL{color:#b00}</style></head><body>");
        html.AppendLine(CultureInfo.InvariantCulture, $"<h1>Load run {E(result.RunId)}: <span class=\"{Verdict(result.Passed)}\">{Verdict(result.Passed)}</span></h1>");
        html.AppendLine(CultureInfo.InvariantCulture, $"<p>kind <code>{E(result.Kind)}</code>, started {result.StartedAt.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}, took {Seconds(result.Duration)}</p>");
        HtmlTable(html, LoadReportRows.Columns, [.. LoadReportRows.Rows(result)]);
        foreach (var failed in result.Scenarios.Where(s => s.Error is not null))
        {
            html.AppendLine(CultureInfo.InvariantCulture, $"<p class=\"FAIL\">{E(failed.Stats.Name)}: {E(failed.Error!)}</p>");
        }
        var thresholds = ThresholdRows(result).ToList();
        if (thresholds.Count > 0)
        {
            html.AppendLine("<h2>Thresholds</h2>");
            HtmlTable(html, ThresholdColumns, thresholds);
        }
        foreach (var section in result.Details)
        {
            var verdict = section.Passed is { } p ? $": <span class=\"{Verdict(p)}\">{Verdict(p)}</span>" : "";
            html.AppendLine(CultureInfo.InvariantCulture, $"<h2>{E(section.Title)}{verdict}</h2>");
            HtmlTable(html, section.Columns, section.Rows);
        }
        html.AppendLine("</body></html>");
        return html.ToString();
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static void HtmlTable(StringBuilder html, IReadOnlyList<string> columns, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        html.Append("<table><tr>");
        foreach (var column in columns)
        {
            html.Append(CultureInfo.InvariantCulture, $"<th>{E(column)}</th>");
        }
        html.AppendLine("</tr>");
        foreach (var row in rows)
        {
            html.Append("<tr>");
            foreach (var cell in row)
            {
                html.Append(CultureInfo.InvariantCulture, $"<td>{E(cell)}</td>");
            }
            html.AppendLine("</tr>");
        }
        html.AppendLine("</table>");
    }

    public static string Csv(LoadRunResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var csv = new StringBuilder();
        csv.AppendLine(string.Join(",", new[] { "run_id" }.Concat(LoadReportRows.Columns)));
        foreach (var row in LoadReportRows.Rows(result))
        {
            csv.AppendLine(string.Join(",", new[] { result.RunId }.Concat(row).Select(CsvField)));
        }
        return csv.ToString();
    }

    private static string CsvField(string value) =>
        value.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    public static string Json(LoadRunResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("run_id", result.RunId);
            json.WriteString("kind", result.Kind);
            json.WriteString("started_at", result.StartedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
            json.WriteNumber("duration_seconds", result.Duration.TotalSeconds);
            json.WriteBoolean("passed", result.Passed);
            json.WriteStartArray("scenarios");
            foreach (var scenario in result.Scenarios)
            {
                json.WriteStartObject();
                json.WriteString("name", scenario.Stats.Name);
                json.WriteBoolean("passed", scenario.Passed);
                json.WriteBoolean("aborted", scenario.Aborted);
                if (scenario.Error is not null)
                {
                    json.WriteString("error", scenario.Error);
                }
                json.WriteNumber("duration_seconds", scenario.Stats.Duration.TotalSeconds);
                json.WritePropertyName("calls");
                WriteStep(json, scenario.Stats.Calls);
                json.WriteStartArray("steps");
                foreach (var step in scenario.Stats.Steps)
                {
                    WriteStep(json, step);
                }
                json.WriteEndArray();
                json.WriteStartArray("thresholds");
                foreach (var threshold in scenario.Thresholds)
                {
                    json.WriteStartObject();
                    json.WriteString("name", threshold.Name);
                    json.WriteBoolean("passed", threshold.Passed);
                    json.WriteNumber("failed_checks", threshold.ErrorCount);
                    json.WriteBoolean("aborted", threshold.Aborted);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartArray("details");
            foreach (var section in result.Details)
            {
                json.WriteStartObject();
                json.WriteString("title", section.Title);
                if (section.Passed is { } passed)
                {
                    json.WriteBoolean("passed", passed);
                }
                json.WriteStartArray("rows");
                foreach (var row in section.Rows)
                {
                    json.WriteStartObject();
                    for (var i = 0; i < section.Columns.Count && i < row.Count; i++)
                    {
                        json.WriteString(section.Columns[i], row[i]);
                    }
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static void WriteStep(Utf8JsonWriter json, StepStats step)
    {
        json.WriteStartObject();
        json.WriteString("name", step.Name);
        json.WriteNumber("ok", step.OkCount);
        json.WriteNumber("fail", step.FailCount);
        json.WriteNumber("rps", step.Rps);
        json.WriteStartObject("latency_ms");
        json.WriteNumber("min", step.Latency.MinMs);
        json.WriteNumber("mean", step.Latency.MeanMs);
        json.WriteNumber("p50", step.Latency.P50Ms);
        json.WriteNumber("p75", step.Latency.P75Ms);
        json.WriteNumber("p95", step.Latency.P95Ms);
        json.WriteNumber("p99", step.Latency.P99Ms);
        json.WriteNumber("max", step.Latency.MaxMs);
        json.WriteEndObject();
        json.WriteNumber("bytes", step.Bytes);
        json.WriteNumber("throughput_bytes_per_second", step.BytesPerSecond);
        json.WriteStartObject("failure_kinds");
        foreach (var (kind, count) in step.FailureKinds)
        {
            json.WriteNumber(kind, count);
        }
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
