using System.Text;
using Lakemon.Probes.Configuration;

namespace Lakemon.Collector.Sla.Reports;

/// <summary>Writes a report in any <see cref="SlaReportFormat"/>: the one place that maps a format to its writer.</summary>
public static class SlaReportWriter
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static void Write(SlaReport report, SlaReportFormat format, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (format == SlaReportFormat.Json)
        {
            SlaJsonReport.Write(report, stream);
            stream.WriteByte((byte)'\n');
            return;
        }
        using var writer = new StreamWriter(stream, Utf8, leaveOpen: true);
        switch (format)
        {
            case SlaReportFormat.Table:
                SlaTableReport.WriteText(report, writer);
                break;
            case SlaReportFormat.Markdown:
                SlaTableReport.WriteMarkdown(report, writer);
                break;
            case SlaReportFormat.Csv:
                SlaCsvReport.Write(report, writer);
                break;
            case SlaReportFormat.Html:
                SlaHtmlReport.Write(report, writer);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(format), format, null);
        }
    }

    public static string ToText(SlaReport report, SlaReportFormat format)
    {
        using var buffer = new MemoryStream();
        Write(report, format, buffer);
        return Utf8.GetString(buffer.ToArray());
    }
}
