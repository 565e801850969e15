using Quartz;

namespace Lakemon.Collector.Sla;

/// <summary>Recomputes the lakemon_sla_* gauges. Two refreshes at once would only compete for the store.</summary>
[DisallowConcurrentExecution]
internal sealed class SlaRefreshJob(SlaRunner runner) : IJob
{
    public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) => runner.RefreshAsync(cancellationToken);
}
