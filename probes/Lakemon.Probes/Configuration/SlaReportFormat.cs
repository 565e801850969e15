namespace Lakemon.Probes.Configuration;

/// <summary>The forms an SLA report is written in (`lakemon sla --format`, `sla.report.formats`).</summary>
public enum SlaReportFormat
{
    Table,
    Json,
    Csv,
    Html,
    Markdown,
}
