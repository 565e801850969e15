using Lakemon.Probes.Configuration;
using Quartz;

namespace Lakemon.Collector.Scheduling;

/// <summary>The scheduled jobs and their triggers: one job per <see cref="ProbeFamily"/>, fired by one cron trigger
/// built from `schedules.*`. The keys are stable so that a clustered store's rows are replaced, not duplicated, when a
/// node starts with a changed schedule.</summary>
public static class ProbeJobs
{
    public const string Group = "lakemon";

    public static JobKey StorageJob { get; } = new("storage", Group);

    public static JobKey TpcJob { get; } = new("tpc", Group);

    public static JobKey JanitorJob { get; } = new("janitor", Group);

    public static JobKey NetworkJob { get; } = new("network", Group);

    public static TriggerKey StorageTrigger { get; } = new("storage-cron", Group);

    public static TriggerKey NetworkTrigger { get; } = new("network-cron", Group);

    public static TriggerKey TpcTrigger { get; } = new("tpc-cron", Group);

    public static TriggerKey JanitorTrigger { get; } = new("janitor-cron", Group);

    /// <summary>
    /// Stale fires are skipped, never replayed: after downtime, a restart, a blocked round or a failover the trigger
    /// resumes at its next regular time. Monitoring wants the current state, and a burst of catch-up rounds would hit
    /// every site at once — the opposite of what the jitter is for.
    /// </summary>
    public const CronTriggerMisfireInstruction MisfirePolicy = CronTriggerMisfireInstruction.DoNothing;

    /// <summary>How late a fire may start and still run (a busy pool, a node taking over); later ones are misfires and
    /// are skipped. Quartz's in-memory default is 5 s, which a start-up or a long GC pause can exceed.</summary>
    public static TimeSpan MisfireThreshold { get; } = TimeSpan.FromMinutes(1);

    internal static void AddTo(IQuartzBuilder quartz, ScheduleOptions schedules, bool network = false)
    {
        if (network)
        {
            Add<NetworkCampaignJob>(quartz, NetworkJob, NetworkTrigger, schedules.Network, "network probes of every measured link");
        }
        Add<StorageCampaignJob>(quartz, StorageJob, StorageTrigger, schedules.Storage, "storage checks of every enabled RSE door");
        Add<TpcCampaignJob>(quartz, TpcJob, TpcTrigger, schedules.Tpc, "third-party-copy matrix");
        Add<JanitorJob>(quartz, JanitorJob, JanitorTrigger, schedules.Janitor, "removal of stale probe files");
    }

    internal static ScheduledFire FireOf(IJobExecutionContext context) =>
        new(context.FireInstanceId, context.ScheduledFireTimeUtc ?? context.FireTimeUtc);

    private static void Add<TJob>(IQuartzBuilder quartz, JobKey job, TriggerKey trigger, CronSchedule schedule, string description)
        where TJob : IJob
    {
        quartz.AddJob<TJob>(j => j.WithIdentity(job).WithDescription(description));
        quartz.AddTrigger<TJob>(t => t
            .WithIdentity(trigger)
            .ForJob(job)
            .WithDescription($"cron '{schedule.Expression}'")
            // UTC: the nodes of a cluster must agree on when :00 is whatever their machines' zones, and UTC has no
            // daylight-saving hour that is skipped or run twice.
            .WithCronSchedule(schedule.QuartzExpression, cron => cron.InTimeZone(TimeZoneInfo.Utc).WithMisfireInstruction(MisfirePolicy)));
    }
}
