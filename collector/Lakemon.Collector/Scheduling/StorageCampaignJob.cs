using Quartz;

namespace Lakemon.Collector.Scheduling;

/// <summary>Fires the storage checks of every enabled RSE door (upload, stat, checksum, read, delete). A round must not overlap the previous one (it would double the load on every RSE and
/// race its cleanup), hence <see cref="DisallowConcurrentExecutionAttribute"/>, which a clustered store enforces across
/// nodes too.</summary>
[DisallowConcurrentExecution]
internal sealed class StorageCampaignJob(ScheduledCampaigns campaigns) : IJob
{
    public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        campaigns.RunAsync(ProbeFamily.Storage, ProbeJobs.FireOf(context), cancellationToken);
}
