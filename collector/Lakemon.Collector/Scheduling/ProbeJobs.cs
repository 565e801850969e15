using Lakemon.Probes.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
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

    /// <summary>Declares the jobs and, for a store that does not hold them yet, their triggers. A job or trigger already
    /// stored is left as it is here (<see cref="SchedulingOptions.IgnoreDuplicates"/>): re-storing a trigger resets it
    /// to WAITING even while another node of the cluster has acquired it, and both nodes may then fire the same time.
    /// <see cref="ScheduleReconciler"/> replaces a stored trigger on start, and only when its schedule differs.</summary>
    internal static void AddTo(IQuartzBuilder quartz, ScheduleOptions schedules, bool network = false)
    {
        quartz.ConfigureOptions<QuartzOptions>(o => o.Scheduling.IgnoreDuplicates = true);
        foreach (var entry in Entries(schedules, network))
        {
            entry.Declare(quartz);
        }
        quartz.AddPlugin(provider => new ScheduleReconciler(
            Entries(schedules, network),
            provider.GetService<TimeProvider>() ?? TimeProvider.System,
            (provider.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger<ScheduleReconciler>()), nameof(ScheduleReconciler));
    }

    internal static ScheduledFire FireOf(IJobExecutionContext context) =>
        new(context.FireInstanceId, context.ScheduledFireTimeUtc ?? context.FireTimeUtc);

    /// <summary>What is scheduled for <paramref name="schedules"/>: one job and one cron trigger per family.</summary>
    internal static IReadOnlyList<Entry> Entries(ScheduleOptions schedules, bool network)
    {
        var entries = new List<Entry>();
        if (network)
        {
            entries.Add(new Entry<NetworkCampaignJob>(NetworkJob, NetworkTrigger, schedules.Network, "network probes of every measured link"));
        }
        entries.Add(new Entry<StorageCampaignJob>(StorageJob, StorageTrigger, schedules.Storage, "storage checks of every enabled RSE door"));
        entries.Add(new Entry<TpcCampaignJob>(TpcJob, TpcTrigger, schedules.Tpc, "third-party-copy matrix"));
        entries.Add(new Entry<JanitorJob>(JanitorJob, JanitorTrigger, schedules.Janitor, "removal of stale probe files"));
        return entries;
    }

    /// <summary>One family's job and cron trigger.</summary>
    internal abstract record Entry(JobKey Job, TriggerKey Trigger, CronSchedule Schedule, string Description)
    {
        public abstract void Declare(IQuartzBuilder quartz);

        /// <summary>The trigger as declared, starting at <paramref name="now"/>.</summary>
        public abstract ITrigger Build(TimeProvider time);

        /// <summary>Whether a stored trigger already fires this schedule for this job.</summary>
        public bool IsStoredAs(ITrigger? stored) =>
            stored is ICronTrigger cron
            && cron.JobKey.Equals(Job)
            && cron.CronExpressionString == Schedule.QuartzExpression
            && cron.TimeZone.Id == TimeZoneInfo.Utc.Id
            && cron.MisfireInstruction == MisfirePolicy;

        protected T Configure<T, TJob>(T trigger)
            where T : ITriggerConfigurator<TJob>
            where TJob : IJob
        {
            trigger
                .WithIdentity(Trigger)
                .ForJob(Job)
                .WithDescription($"cron '{Schedule.Expression}'");
            // UTC: the nodes of a cluster must agree on when :00 is whatever their machines' zones, and UTC has no
            // daylight-saving hour that is skipped or run twice.
            trigger.WithCronSchedule(Schedule.QuartzExpression, cron => cron.InTimeZone(TimeZoneInfo.Utc).WithMisfireInstruction(MisfirePolicy));
            return trigger;
        }
    }

    private sealed record Entry<TJob>(JobKey Job, TriggerKey Trigger, CronSchedule Schedule, string Description)
        : Entry(Job, Trigger, Schedule, Description)
        where TJob : IJob
    {
        public override void Declare(IQuartzBuilder quartz)
        {
            quartz.AddJob<TJob>(j => j.WithIdentity(Job).WithDescription(Description));
            quartz.AddTrigger<TJob>(t => Configure<ITriggerConfigurator<TJob>, TJob>(t));
        }

        public override ITrigger Build(TimeProvider time) =>
            Configure<TriggerBuilder<TJob>, TJob>(TriggerBuilder.Create<TJob>(time).StartAt(time.GetUtcNow())).Build();
    }
}
