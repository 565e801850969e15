using Quartz;

namespace Lakemon.Collector.Sla;

/// <summary>Writes the nightly SLA report files; overlapping runs would race on the same files.</summary>
[DisallowConcurrentExecution]
internal sealed class SlaReportJob(SlaRunner runner) : IJob
{
    public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) => runner.WriteReportAsync(cancellationToken);
}
