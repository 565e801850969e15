using System.Threading.Channels;
using Lakemon.Probes.Results;

namespace Lakemon.Probes.Campaigns;

/// <summary>
/// Runs a plan: dispatches checks in plan order, never more than the global cap at once nor more than an RSE's own cap
/// on any RSE (a transfer counts on both ends) nor more than the per-site cap on any site, and writes every result to one channel — the single results stream
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
                foreach (var holder in Holders(check))
                {
                    inUse[holder] = inUse.GetValueOrDefault(holder) + 1;
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
            foreach (var holder in Holders(finished))
            {
                inUse[holder]--;
            }
        }

        return new CampaignSummary(context.RunId, context.Kind, startedAt, context.Time.GetElapsedTime(started), plan.ExpectedResults,
            counts.Where(p => p.Value > 0).ToDictionary(), !cancellationToken.IsCancellationRequested && pending.Count == 0);
    }

    private LinkedListNode<PlannedCheck>? NextRunnable(LinkedList<PlannedCheck> pending, Dictionary<string, int> inUse)
    {
        var siteCap = context.Options.MaxConcurrentPerSite is { } cap ? Math.Max(1, cap) : int.MaxValue;
        for (var node = pending.First; node is not null; node = node.Next)
        {
            var check = node.Value;
            if (check.Rses.All(rse => inUse.GetValueOrDefault(RseSlot(rse.Name)) < Math.Max(1, rse.MaxConcurrentProbes))
                && Sites(check).All(site => inUse.GetValueOrDefault(SiteSlot(site)) < siteCap))
            {
                return node;
            }
        }
        return null;
    }

    /// <summary>The slots a running check holds: one per RSE it touches and one per distinct site (a transfer between
    /// two RSEs of one site is one probe's worth of the site's cap, as it is one operation).</summary>
    private static IEnumerable<string> Holders(PlannedCheck check) =>
        check.Rses.Select(rse => RseSlot(rse.Name)).Concat(Sites(check).Select(SiteSlot));

    private static IEnumerable<string> Sites(PlannedCheck check) => check.Rses.Select(rse => rse.Site).Distinct(StringComparer.Ordinal);

    // RSE and site names share one counter map; the prefixes keep an RSE named like a site apart from it.
    private static string RseSlot(string rse) => "rse:" + rse;

    private static string SiteSlot(string site) => "site:" + site;

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
