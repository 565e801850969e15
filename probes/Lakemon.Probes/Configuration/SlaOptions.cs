namespace Lakemon.Probes.Configuration;

/// <summary>
/// How availability and reliability are computed (`sla:`, DESIGN.md §6).
/// </summary>
/// <param name="Slice">The time slice statuses are combined over; divides a day.</param>
/// <param name="Freshness">How long a result holds at most; null means 2 × the interval of the schedule that runs the check.</param>
/// <param name="Protocols">How an RSE's protocols combine (operations of one protocol always AND).</param>
/// <param name="Rses">How a site's RSEs combine.</param>
/// <param name="Refresh">When the collector recomputes the lakemon_sla_* gauges.</param>
public sealed record SlaOptions(
    TimeSpan Slice,
    TimeSpan? Freshness,
    SlaProfileMode Protocols,
    SlaProfileMode Rses,
    IReadOnlyDictionary<string, SlaProfileMode> ProtocolsPerRse,
    IReadOnlyDictionary<string, SlaProfileMode> RsesPerSite,
    SlaTargets Targets,
    IReadOnlyList<DowntimeOptions> Downtimes,
    IReadOnlyList<string> DowntimeFiles,
    CronSchedule Refresh,
    SlaReportOptions Report)
{
    public static TimeSpan DefaultSlice { get; } = TimeSpan.FromMinutes(5);

    public static CronSchedule DefaultRefresh { get; } = CronSchedule.Parse("*/5 * * * *");

    /// <summary>The defaults, with the nightly report written under <paramref name="directory"/> (the configuration's).</summary>
    public static SlaOptions Defaults(string? directory) => new(
        DefaultSlice, null, SlaProfileMode.And, SlaProfileMode.Or,
        new Dictionary<string, SlaProfileMode>(), new Dictionary<string, SlaProfileMode>(),
        SlaTargets.Default, [], [], DefaultRefresh,
        new SlaReportOptions(SlaReportOptions.DefaultSchedule,
            directory is null ? SlaReportOptions.DefaultDirectoryName : Path.Combine(directory, SlaReportOptions.DefaultDirectoryName),
            SlaReportOptions.DefaultFormats));

    public SlaProfileMode ProtocolsOf(string rse) => ProtocolsPerRse.TryGetValue(rse, out var mode) ? mode : Protocols;

    public SlaProfileMode RsesOf(string site) => RsesPerSite.TryGetValue(site, out var mode) ? mode : Rses;
}
