using Quartz;

namespace Lakemon.Collector.Scheduling;

/// <summary>Fires the network probes of every measured link. Rounds must not overlap: two latency tests on one link
/// at once would each see the other's packets as load.</summary>
[DisallowConcurrentExecution]
internal sealed class NetworkCampaignJob(ScheduledCampaigns campaigns) : IJob
{
    public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        campaigns.RunAsync(ProbeFamily.Network, ProbeJobs.FireOf(context), cancellationToken);
}
