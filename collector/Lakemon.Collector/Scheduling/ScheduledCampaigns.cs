using System.Threading.Channels;
using Lakemon.Probes.Campaigns;
using Lakemon.Probes.Configuration;
using Lakemon.Probes.Network;
using Lakemon.Probes.Results;
using Microsoft.Extensions.Logging;

namespace Lakemon.Collector.Scheduling;

/// <summary>
/// What the Quartz jobs do, kept out of them so they stay one line: wait the start jitter, then plan and run one
/// family's campaign into the host's results channel (or sweep with the janitor). Never throws: a campaign that fails
/// is logged and the scheduler goes on to the next fire.
/// <para>One probe campaign at a time per process: the storage and TPC schedules share :00 by default, and two
/// campaigns in flight would each honour the per-RSE and per-site caps on their own, so an RSE could see twice its cap.
/// The later one waits inside its job instead (a wait there is not a misfire, so it is not skipped). Nodes of a cluster
/// do not share this slot; each fire runs on one node, but a storage fire on one node may overlap a TPC fire on another.
/// The janitor does not take the slot: it only lists and deletes, and holding probes back behind a long sweep would
/// make their results stale.</para>
/// </summary>
internal sealed partial class ScheduledCampaigns(
    LakemonOptions options,
    ChannelWriter<ProbeResult> results,
    StartJitter jitter,
    TimeProvider time,
    ILogger<ScheduledCampaigns> logger,
    CampaignRunner.CheckExecutor? executor = null,
    FireClaims? claims = null) : IDisposable
{
    private static readonly PlanFilter StorageChecks = new(Operations: ProbeOperations.StorageLifecycle.ToHashSet());
    private static readonly PlanFilter Transfers = new(Operations: new HashSet<ProbeOperation> { ProbeOperation.Tpc });

    private readonly SemaphoreSlim campaignSlot = new(1, 1);

    // Only for the "path changed" note in trace messages; the metric's counter is kept by the metrics holder, which
    // also sees the traces that agents ship.
    private readonly PathChangeTracker paths = new();

    public async ValueTask RunAsync(ProbeFamily family, ScheduledFire fire, CancellationToken cancellationToken)
    {
        try
        {
            if (claims is not null && await claims.TryClaimAsync(family.ToString(), fire, cancellationToken) is { Claimed: false } taken)
            {
                LogAlreadyClaimed(family, fire.ScheduledAt, fire.FireInstanceId, taken.Holder ?? "?");
                return;
            }
            var delay = jitter.Next(options.Schedules.Jitter);
            LogFired(family, fire.ScheduledAt, fire.FireInstanceId, delay.TotalSeconds);
            await Task.Delay(delay, time, cancellationToken);
            if (family == ProbeFamily.Janitor)
            {
                await SweepAsync(cancellationToken);
                return;
            }
            // Network probes touch no RSE, so they do not wait for the storage campaign's slot.
            if (family == ProbeFamily.Network)
            {
                await MeasureNetworkAsync(fire, cancellationToken);
                return;
            }
            await campaignSlot.WaitAsync(cancellationToken);
            try
            {
                await ProbeAsync(family, fire, cancellationToken);
            }
            finally
            {
                campaignSlot.Release();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            LogCancelled(family, fire.ScheduledAt);
        }
#pragma warning disable CA1031 // A job must not throw: Quartz would log it and count a failure, nothing more, and a
        // bug in one campaign must not look like a scheduler problem; the log line is the whole handling.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogFailed(e, family, fire.ScheduledAt);
        }
    }

    private async Task ProbeAsync(ProbeFamily family, ScheduledFire fire, CancellationToken cancellationToken)
    {
        var plan = CampaignPlanner.Plan(options, family == ProbeFamily.Storage ? StorageChecks : Transfers);
        var context = new ProbeContext(ProbePaths.NewRunId(fire.ScheduledAt), RunKind.Scheduled, options.Probes) { Time = time };
        var summary = await new CampaignRunner(context, executor).RunAsync(plan, results, cancellationToken);
        LogCampaign(family, summary.RunId, summary.Results, summary.ExpectedResults, summary.Count(ProbeStatus.Ok),
            summary.Count(ProbeStatus.Warning), summary.Count(ProbeStatus.Critical), summary.Count(ProbeStatus.Unknown),
            summary.WallTime.TotalSeconds);
    }

    private async Task MeasureNetworkAsync(ScheduledFire fire, CancellationToken cancellationToken)
    {
        if (options.Network is not { } network)
        {
            return;
        }
        var runId = ProbePaths.NewRunId(fire.ScheduledAt);
        var measured = await NetworkCampaign.RunAsync(network, options.Probes, runId, RunKind.Scheduled, paths,
            (result, token) => results.WriteAsync(result, token), cancellationToken);
        LogCampaign(family: ProbeFamily.Network, runId, measured.Count, measured.Count, measured.Count(r => r.Status == ProbeStatus.Ok),
            measured.Count(r => r.Status == ProbeStatus.Warning), measured.Count(r => r.Status == ProbeStatus.Critical),
            measured.Count(r => r.Status == ProbeStatus.Unknown), (time.GetUtcNow() - fire.ScheduledAt).TotalSeconds);
    }

    private async Task SweepAsync(CancellationToken cancellationToken)
    {
        var report = await new ProbeJanitor(options, time).CleanAsync(options.Probes.FileLifetime, cancellationToken);
        foreach (var rse in report.Rses.Where(r => !r.Cleaned))
        {
            LogJanitorProblem(rse.Rse, rse.Failures.Count);
        }
        LogJanitor(report.Rses.Count, report.Rses.Count(r => r.Cleaned));
    }

    public void Dispose() => campaignSlot.Dispose();

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Family} fire for {ScheduledAt:o} ({FireInstanceId}) skipped: the cluster already ran that time as {Holder}")]
    private partial void LogAlreadyClaimed(ProbeFamily family, DateTimeOffset scheduledAt, string fireInstanceId, string holder);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Family} fire for {ScheduledAt:o} ({FireInstanceId}): starting in {DelaySeconds:0.0} s")]
    private partial void LogFired(ProbeFamily family, DateTimeOffset scheduledAt, string fireInstanceId, double delaySeconds);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "{Family} campaign {RunId}: {Results}/{Expected} results, {Ok} OK, {Warning} WARNING, {Critical} CRITICAL, {Unknown} UNKNOWN in {Seconds:0.00} s")]
    private partial void LogCampaign(ProbeFamily family, string runId, int results, int expected, int ok, int warning, int critical, int unknown, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "janitor: {Cleaned}/{Rses} RSEs cleaned")]
    private partial void LogJanitor(int rses, int cleaned);

    [LoggerMessage(Level = LogLevel.Warning, Message = "janitor: {Rse} not fully cleaned ({Failures} failures)")]
    private partial void LogJanitorProblem(string rse, int failures);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Family} fire for {ScheduledAt:o} cancelled by shutdown")]
    private partial void LogCancelled(ProbeFamily family, DateTimeOffset scheduledAt);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Family} fire for {ScheduledAt:o} failed; the schedule goes on")]
    private partial void LogFailed(Exception exception, ProbeFamily family, DateTimeOffset scheduledAt);
}
