using Microsoft.Extensions.Hosting;
using Quartz;
using Quartz.Extensibility;

namespace Lakemon.Collector.Sla;

/// <summary>
/// The collector's SLA jobs on a Quartz scheduler of their own, in memory: the gauges belong to this process and its
/// store, so every collector refreshes its own — unlike probe fires, which a clustered schedule gives to one node.
/// The gauges are computed once at start, so /metrics has them before the first cron fire.
/// </summary>
public sealed class SlaScheduler(SlaRunner runner, Lakemon.Probes.Configuration.SlaOptions options) : IHostedService
{
    private IScheduler? _scheduler;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var scheduler = await QuartzSchedulerBuilder.Create(quartz =>
        {
            quartz.ConfigureScheduler(s => s.InstanceName = "lakemon-sla");
            quartz.UseInMemoryStore();
            quartz.UseDefaultThreadPool(maxConcurrency: 1);
            quartz.UseJobFactory(new JobFactory(runner));
        }).BuildScheduler(cancellationToken);
        await Add<SlaRefreshJob>(scheduler, "sla-refresh", options.Refresh.QuartzExpression, cancellationToken);
        await Add<SlaReportJob>(scheduler, "sla-report", options.Report.Schedule.QuartzExpression, cancellationToken);
        await scheduler.Start(cancellationToken);
        await scheduler.TriggerJob(new JobKey("sla-refresh", "lakemon-sla"), cancellationToken);
        _scheduler = scheduler;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_scheduler is { } scheduler)
        {
            await scheduler.Shutdown(waitForJobsToComplete: true, cancellationToken);
        }
    }

    private static async Task Add<TJob>(IScheduler scheduler, string name, string cron, CancellationToken cancellationToken)
        where TJob : IJob
    {
        var job = JobBuilder.Create<TJob>().WithIdentity(name, "lakemon-sla").Build();
        var trigger = TriggerBuilder.Create()
            .WithIdentity(name + "-cron", "lakemon-sla")
            .WithCronSchedule(cron, c => c.InTimeZone(TimeZoneInfo.Utc).WithMisfireInstruction(CronTriggerMisfireInstruction.DoNothing))
            .Build();
        await scheduler.ScheduleJob(job, trigger, default, cancellationToken);
    }

    private sealed class JobFactory(SlaRunner runner) : IJobFactory
    {
        public ValueTask<JobScope> CreateJob(TriggerFiredBundle bundle, IScheduler scheduler, CancellationToken cancellationToken) =>
            ValueTask.FromResult(new JobScope(bundle.JobDetail.JobType.Type == typeof(SlaRefreshJob) ? new SlaRefreshJob(runner) : new SlaReportJob(runner), null));

        public ValueTask ReturnJob(JobScope scope, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
