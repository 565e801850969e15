using Lakemon.Probes.Results;

namespace Lakemon.Probes.Campaigns;

/// <summary>
/// A probe kind (CONVENTIONS.md §3): runs one planned check and hands each result record to <c>emit</c> as soon as it
/// exists. It must delete what it wrote — also on failure and on cancellation — and must not throw for a storage
/// failure (failures are values); anything it does throw is caught by the runner and becomes UNKNOWN/probe_error.
/// </summary>
public interface ICheckProbe<in TCheck> where TCheck : PlannedCheck
{
    Task RunAsync(TCheck check, ProbeContext context, Func<ProbeResult, ValueTask> emit, CancellationToken cancellationToken);
}
