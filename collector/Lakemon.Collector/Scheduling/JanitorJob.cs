using Quartz;

namespace Lakemon.Collector.Scheduling;

/// <summary>Fires the janitor's sweep of stale probe files. A round must not overlap the previous one (it would double the load on every RSE and
/// race its cleanup), hence <see cref="DisallowConcurrentExecutionAttribute"/>, which a clustered store enforces across
/// nodes too.</summary>
[DisallowConcurrentExecution]
internal sealed class JanitorJob(ScheduledCampaigns campaigns) : IJob
{
    public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        campaigns.RunAsync(ProbeFamily.Janitor, ProbeJobs.FireOf(context), cancellationToken);
}
