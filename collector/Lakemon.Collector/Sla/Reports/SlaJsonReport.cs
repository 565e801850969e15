using System.Text.Json;
using Lakemon.Probes.Configuration;

namespace Lakemon.Collector.Sla.Reports;

/// <summary>
/// The JSON form of a report (DESIGN.md §8): fractions 0..1 named availability, reliability, unknown and downtime,
/// null when undefined; every RSE and site with its monthly and daily rows; every TPC link with its success ratio.
/// </summary>
public static class SlaJsonReport
{
    public static void Write(SlaReport report, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("from", SlaText.Date(report.From));
        json.WriteString("to", SlaText.Date(report.To));
        json.WriteNumber("slice_seconds", (long)report.Slice.TotalSeconds);
        json.WriteStartObject("targets");
        WriteTargets(json, report.Targets);
        json.WriteEndObject();
        json.WriteBoolean("pass", report.Pass);
        json.WriteStartArray("rses");
        foreach (var rse in report.Rses)
        {
            json.WriteStartObject();
            json.WriteString("rse", rse.Name);
            json.WriteString("site", rse.Site);
            WriteRows(json, rse);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartArray("sites");
        foreach (var site in report.Sites)
        {
            json.WriteStartObject();
            json.WriteString("site", site.Name);
            json.WriteStartArray("rses");
            foreach (var member in site.Members)
            {
                json.WriteStringValue(member);
            }
            json.WriteEndArray();
            WriteRows(json, site);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartArray("links");
        foreach (var link in report.Links)
        {
            json.WriteStartObject();
            json.WriteString("src_rse", link.Source);
            json.WriteString("dst_rse", link.Destination);
            json.WriteString("tpc_mode", link.Mode);
            json.WriteNumber("ok", link.Ok);
            json.WriteNumber("warning", link.Warning);
            json.WriteNumber("critical", link.Critical);
            json.WriteNumber("unknown", link.Unknown);
            WriteFraction(json, "success_ratio", link.SuccessRatio);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteTargets(Utf8JsonWriter json, SlaTargets targets)
    {
        json.WriteNumber("availability", targets.Availability);
        json.WriteNumber("reliability", targets.Reliability);
        json.WriteNumber("unknown", targets.Unknown);
    }

    private static void WriteRows(Utf8JsonWriter json, SlaEntity entity)
    {
        json.WriteBoolean("pass", entity.Pass);
        json.WriteStartArray("monthly");
        foreach (var month in entity.Months)
        {
            json.WriteStartObject();
            json.WriteString("month", month.Month);
            json.WriteNumber("days", month.Days);
            WriteFigures(json, month.Figures, month.Verdict);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartArray("daily");
        foreach (var day in entity.Days)
        {
            json.WriteStartObject();
            json.WriteString("date", SlaText.Date(day.Date));
            WriteFigures(json, day.Figures, day.Verdict);
            json.WriteStartObject("slices");
            json.WriteNumber("total", day.Slices);
            json.WriteNumber("up", day.Up);
            json.WriteNumber("critical", day.Critical);
            json.WriteNumber("unknown", day.Unknown);
            json.WriteNumber("downtime", day.Downtime);
            json.WriteEndObject();
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    private static void WriteFigures(Utf8JsonWriter json, SlaFigures figures, SlaVerdict verdict)
    {
        WriteFraction(json, "availability", figures.Availability);
        WriteFraction(json, "reliability", figures.Reliability);
        json.WriteNumber("unknown", figures.Unknown);
        json.WriteNumber("downtime", figures.Downtime);
        json.WriteBoolean("pass", verdict.Pass);
        json.WriteStartArray("failed");
        foreach (var failed in verdict.Failed)
        {
            json.WriteStringValue(failed);
        }
        json.WriteEndArray();
    }

    private static void WriteFraction(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
