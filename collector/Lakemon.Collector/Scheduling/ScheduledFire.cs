namespace Lakemon.Collector.Scheduling;

/// <summary>One firing of a trigger, as the job saw it.</summary>
/// <param name="FireInstanceId">Quartz's id of this firing, unique in the cluster.</param>
/// <param name="ScheduledAt">The cron time this firing is for (not when it actually started); a campaign's run id is
/// stamped with it, so two runs for one scheduled time would be visible as two run ids with one stamp.</param>
internal sealed record ScheduledFire(string FireInstanceId, DateTimeOffset ScheduledAt);
