using Microsoft.Extensions.Logging;
using Quartz;
using Quartz.Extensibility;

namespace Lakemon.Collector.Scheduling;

/// <summary>
/// On scheduler start, brings the stored triggers in line with the configured schedules, touching only those that
/// differ (a changed cron, a family newly configured). In a cluster every node starts with the same schedule, and
/// rewriting an unchanged trigger would reset its state under a node that has already acquired its next fire: two
/// nodes could then run one scheduled time.
/// </summary>
internal sealed partial class ScheduleReconciler(IReadOnlyList<ProbeJobs.Entry> entries, TimeProvider time, ILogger<ScheduleReconciler> logger)
    : ISchedulerPlugin
{
    private IScheduler? scheduler;

    public ValueTask Initialize(string pluginName, IScheduler scheduler, CancellationToken cancellationToken = default)
    {
        this.scheduler = scheduler;
        return ValueTask.CompletedTask;
    }

    public async ValueTask Start(CancellationToken cancellationToken = default)
    {
        var target = scheduler ?? throw new InvalidOperationException("the plugin was started before it was initialised");
        foreach (var entry in entries)
        {
            await ReconcileAsync(target, entry, cancellationToken);
        }
    }

    public ValueTask Shutdown(CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    internal async Task ReconcileAsync(IScheduler target, ProbeJobs.Entry entry, CancellationToken cancellationToken)
    {
        var stored = await target.GetTrigger(entry.Trigger, cancellationToken);
        if (entry.IsStoredAs(stored))
        {
            return;
        }
        if (stored is null)
        {
            // Declared jobs are stored with their triggers when the scheduler is created; a trigger missing now was
            // removed by hand, or its job was stored earlier without it. Two nodes may both get here: the second
            // one's insert fails and it finds the first one's trigger.
            try
            {
                await target.ScheduleJob(entry.Build(time), cancellationToken: cancellationToken);
                LogAdded(entry.Trigger.Name, entry.Schedule.Expression);
            }
            catch (ObjectAlreadyExistsException)
            {
                await ReconcileAsync(target, entry, cancellationToken);
            }
            return;
        }
        await target.RescheduleJob(entry.Trigger, entry.Build(time), cancellationToken);
        LogChanged(entry.Trigger.Name, (stored as ICronTrigger)?.CronExpressionString ?? stored.GetType().Name, entry.Schedule.Expression);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "schedule {Trigger}: stored with cron '{Expression}'")]
    private partial void LogAdded(string trigger, string expression);

    [LoggerMessage(Level = LogLevel.Information, Message = "schedule {Trigger} changed: was '{Stored}', now cron '{Expression}'")]
    private partial void LogChanged(string trigger, string stored, string expression);
}
