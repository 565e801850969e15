namespace Lakemon.Probes.Configuration;

/// <summary>The nightly SLA job (`sla.report`): at <see cref="Schedule"/> it writes the report of the current month so
/// far into <see cref="Directory"/>, once per format.</summary>
public sealed record SlaReportOptions(CronSchedule Schedule, string Directory, IReadOnlyList<SlaReportFormat> Formats)
{
    public static CronSchedule DefaultSchedule { get; } = CronSchedule.Parse("15 0 * * *");

    public static IReadOnlyList<SlaReportFormat> DefaultFormats { get; } = [SlaReportFormat.Html, SlaReportFormat.Json];

    public const string DefaultDirectoryName = "sla-reports";
}
