using System.Threading.Channels;
using Lakemon.Probes.Results;

namespace Lakemon.Probes.Campaigns;

/// <summary>
/// Runs a plan: dispatches checks in plan order, never more than the global cap at once nor more than an RSE's own cap
/// on any RSE (a transfer counts on both ends), and writes every result to one channel — the single results stream
/// the reports, and later the collector, read from. A check whose probe throws yields UNKNOWN/probe_error and the
/// campaign goes on. Cancelling stops dispatching; the checks in flight clean up and report nothing more.
/// </summary>
public sealed class CampaignRunner(ProbeContext context, CampaignRunner.CheckExecutor? executor = null)
{
    public delegate Task CheckExecutor(PlannedCheck check, ProbeContext context, Func<ProbeResult, ValueTask> emit, CancellationToken cancellationToken);

    private readonly CheckExecutor _execute = executor ?? ProbeKinds.RunAsync;

    /// <summary>Runs the plan; the channel is left open (the caller owns it and may feed several campaigns into it).</summary>
    public async Task<CampaignSummary> RunAsync(CampaignPlan plan, ChannelWriter<ProbeResult> results, CancellationToken cancellationToken)
    {
        var startedAt = context.Time.GetUtcNow();
        var started = context.Time.GetTimestamp();
        var counts = Enum.GetValues<ProbeStatus>().ToDictionary(s => s, _ => 0);
        var gate = new Lock();
        var inUse = new Dictionary<string, int>(StringComparer.Ordinal);
        var pending = new LinkedList<PlannedCheck>(plan.Checks);
        var running = new Dictionary<Task, PlannedCheck>();
        var globalCap = Math.Max(1, context.Options.MaxConcurrent);
        using var trace = ProbeTracing.StartCampaign(context, plan);

        async ValueTask EmitAsync(ProbeResult result)
        {
            lock (gate)
            {
                counts[result.Status]++;
            }
            ProbeTracing.RecordProbe(trace, result);
            await results.WriteAsync(result, CancellationToken.None);
        }

        while (pending.Count > 0 || running.Count > 0)
        {
            while (!cancellationToken.IsCancellationRequested && running.Count < globalCap && NextRunnable(pending, inUse) is { } node)
            {
                pending.Remove(node);
                var check = node.Value;
                foreach (var rse in check.Rses)
                {
                    inUse[rse.Name] = inUse.GetValueOrDefault(rse.Name) + 1;
                }
                running.Add(RunOneAsync(check, EmitAsync, cancellationToken), check);
            }
            if (running.Count == 0)
            {
                break;
            }
            var done = await Task.WhenAny(running.Keys);
            var finished = running[done];
            running.Remove(done);
            foreach (var rse in finished.Rses)
            {
                inUse[rse.Name]--;
            }
        }

        return new CampaignSummary(context.RunId, context.Kind, startedAt, context.Time.GetElapsedTime(started), plan.ExpectedResults,
            counts.Where(p => p.Value > 0).ToDictionary(), !cancellationToken.IsCancellationRequested && pending.Count == 0);
    }

    private static LinkedListNode<PlannedCheck>? NextRunnable(LinkedList<PlannedCheck> pending, Dictionary<string, int> inUse)
    {
        for (var node = pending.First; node is not null; node = node.Next)
        {
            if (node.Value.Rses.All(rse => inUse.GetValueOrDefault(rse.Name) < Math.Max(1, rse.MaxConcurrentProbes)))
            {
                return node;
            }
        }
        return null;
    }

    private async Task RunOneAsync(PlannedCheck check, Func<ProbeResult, ValueTask> emit, CancellationToken cancellationToken)
    {
        // Off the dispatcher's stack: a probe that blocks synchronously must not hold up dispatching.
        await Task.Yield();
        var startedAt = context.Time.GetUtcNow();
        try
        {
            await _execute(check, context, emit, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The campaign was cancelled: the check did not finish, so it has no result (DESIGN.md §2).
        }
        catch (Exception e)
        {
            await emit(CheckResults.Crashed(context, check, startedAt, e));
        }
    }
}
