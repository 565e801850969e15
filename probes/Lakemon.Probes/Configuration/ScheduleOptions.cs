namespace Lakemon.Probes.Configuration;

/// <summary>When each kind of job runs; <see cref="Jitter"/> spreads start times so RSEs are not all hit at once.</summary>
public sealed record ScheduleOptions(CronSchedule Storage, CronSchedule Tpc, CronSchedule Janitor, TimeSpan Jitter)
{
    public static ScheduleOptions Default { get; } = new(
        CronSchedule.Parse("*/15 * * * *"),
        CronSchedule.Parse("0 * * * *"),
        CronSchedule.Parse("30 * * * *"),
        TimeSpan.FromSeconds(30));

    /// <summary>The network probes of the `network` section (latency, trace, throughput of every measured link).</summary>
    public CronSchedule Network { get; init; } = CronSchedule.Parse("*/5 * * * *");
}
