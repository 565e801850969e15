using System.Threading.Channels;
using Lakemon.Probes.Campaigns;
using Lakemon.Probes.Configuration;
using Lakemon.Probes.Results;
using Xunit;

namespace Lakemon.Tests.Campaigns;

public sealed class CampaignRunnerTests
{
    [Theory]
    [InlineData(1, 16)]
    [InlineData(2, 3)]
    [InlineData(4, 64)]
    public async Task RunAsync_Caps_NeverMoreThanTheRseCapOnAnyRseNorTheGlobalCapInFlight(int perRse, int global)
    {
        var options = TestConfigs.Lake(6, ["root", "https"], [1024, 2048], maxPerRse: perRse, maxConcurrent: global);
        var plan = CampaignPlanner.Plan(options, PlanFilter.All);
        var gate = new Lock();
        var perRseNow = new Dictionary<string, int>();
        var perRseMax = new Dictionary<string, int>();
        var globalNow = 0;
        var globalMax = 0;

        async Task Execute(PlannedCheck check, ProbeContext context, Func<ProbeResult, ValueTask> emit, CancellationToken ct)
        {
            lock (gate)
            {
                globalMax = Math.Max(globalMax, ++globalNow);
                foreach (var rse in check.Rses)
                {
                    perRseNow[rse.Name] = perRseNow.GetValueOrDefault(rse.Name) + 1;
                    perRseMax[rse.Name] = Math.Max(perRseMax.GetValueOrDefault(rse.Name), perRseNow[rse.Name]);
                }
            }
            await Task.Delay(2, ct);
            lock (gate)
            {
                globalNow--;
                foreach (var rse in check.Rses)
                {
                    perRseNow[rse.Name]--;
                }
            }
            for (var i = 0; i < check.ExpectedResults; i++)
            {
                await emit(Result(context, ProbeStatus.Ok));
            }
        }

        var (summary, results) = await RunAsync(options, plan, Execute);

        Assert.InRange(globalMax, 1, global);
        Assert.All(perRseMax.Values, max => Assert.InRange(max, 1, perRse));
        Assert.Equal(plan.ExpectedResults, results.Count);
        Assert.True(summary.Complete);
        Assert.True(summary.Healthy);
        // The caps allow real parallelism, and it is used.
        Assert.True(globalMax > 1);
    }

    [Fact]
    public async Task RunAsync_ProbeThrows_ThatCheckIsUnknownProbeErrorAndTheRestStillRun()
    {
        var options = TestConfigs.Lake(2, ["root"], [1024]);
        var plan = CampaignPlanner.Plan(options, PlanFilter.All);
        var victim = plan.Checks.OfType<TpcCheck>().First();

        async Task Execute(PlannedCheck check, ProbeContext context, Func<ProbeResult, ValueTask> emit, CancellationToken ct)
        {
            await Task.Yield();
            if (check == victim)
            {
                throw new InvalidOperationException("bug in a probe");
            }
            for (var i = 0; i < check.ExpectedResults; i++)
            {
                await emit(Result(context, ProbeStatus.Ok));
            }
        }

        var (summary, results) = await RunAsync(options, plan, Execute);

        var crashed = Assert.Single(results, r => r.Status == ProbeStatus.Unknown);
        Assert.Equal(FailureKind.ProbeError, crashed.FailureKind);
        Assert.Equal(victim.Source.Name, crashed.SrcRse);
        Assert.Equal(victim.Destination.Name, crashed.DstRse);
        Assert.Contains("bug in a probe", crashed.Message, StringComparison.Ordinal);
        Assert.Equal(plan.ExpectedResults, results.Count);
        Assert.False(summary.Healthy);
        Assert.True(summary.Complete);
    }

    [Fact]
    public async Task RunAsync_Cancelled_StopsDispatchingAndReportsIncomplete()
    {
        var options = TestConfigs.Lake(3, ["root"], [1024], maxPerRse: 1, maxConcurrent: 1);
        var plan = CampaignPlanner.Plan(options, PlanFilter.All);
        using var cancel = new CancellationTokenSource();
        var started = 0;

        async Task Execute(PlannedCheck check, ProbeContext context, Func<ProbeResult, ValueTask> emit, CancellationToken ct)
        {
            if (Interlocked.Increment(ref started) == 2)
            {
                await cancel.CancelAsync();
            }
            await Task.Delay(1, ct);
            await emit(Result(context, ProbeStatus.Ok));
        }

        var (summary, results) = await RunAsync(options, plan, Execute, cancel.Token);

        Assert.Equal(2, started);
        Assert.Single(results);
        Assert.False(summary.Complete);
        Assert.False(summary.Healthy);
    }

    [Fact]
    public async Task RunAsync_Statuses_AreCountedInTheSummary()
    {
        var options = TestConfigs.Lake(1, ["root"], [1024]);
        var plan = CampaignPlanner.Plan(options, PlanFilter.All);
        ProbeStatus[] statuses = [ProbeStatus.Ok, ProbeStatus.Warning, ProbeStatus.Critical, ProbeStatus.Unknown, ProbeStatus.Unknown, ProbeStatus.Ok];

        async Task Execute(PlannedCheck check, ProbeContext context, Func<ProbeResult, ValueTask> emit, CancellationToken ct)
        {
            foreach (var status in statuses)
            {
                await emit(Result(context, status));
            }
        }

        var (summary, _) = await RunAsync(options, plan, Execute);

        Assert.Equal(2, summary.Count(ProbeStatus.Ok));
        Assert.Equal(1, summary.Count(ProbeStatus.Warning));
        Assert.Equal(1, summary.Count(ProbeStatus.Critical));
        Assert.Equal(2, summary.Count(ProbeStatus.Unknown));
        Assert.Equal(6, summary.Results);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task RunAsync_SiteCap_NeverMoreThanTheSiteCapInFlightOnAnySite(int perSite)
    {
        // Six RSEs on two sites, each RSE allowing 4: without the site cap a site could have 12 probes in flight.
        var lake = TestConfigs.Lake(6, ["root", "https"], [1024, 2048]);
        var rses = lake.Rses.Select((r, i) => r with { Site = $"SITE-{i % 2}" }).ToList();
        var options = TestConfigs.Options(rses) with { Probes = lake.Probes with { MaxConcurrentPerSite = perSite } };
        var plan = CampaignPlanner.Plan(options, PlanFilter.All);
        var gate = new Lock();
        var now = new Dictionary<string, int>();
        var max = new Dictionary<string, int>();

        async Task Execute(PlannedCheck check, ProbeContext context, Func<ProbeResult, ValueTask> emit, CancellationToken ct)
        {
            var sites = check.Rses.Select(r => r.Site).Distinct().ToList();
            lock (gate)
            {
                foreach (var site in sites)
                {
                    now[site] = now.GetValueOrDefault(site) + 1;
                    max[site] = Math.Max(max.GetValueOrDefault(site), now[site]);
                }
            }
            await Task.Delay(2, ct);
            lock (gate)
            {
                foreach (var site in sites)
                {
                    now[site]--;
                }
            }
            for (var i = 0; i < check.ExpectedResults; i++)
            {
                await emit(Result(context, ProbeStatus.Ok));
            }
        }

        var (summary, results) = await RunAsync(options, plan, Execute);

        Assert.Equal(2, max.Count);
        Assert.All(max.Values, m => Assert.InRange(m, 1, perSite));
        Assert.Equal(plan.ExpectedResults, results.Count);
        Assert.True(summary.Complete);
    }

    private static async Task<(CampaignSummary Summary, List<ProbeResult> Results)> RunAsync(
        LakemonOptions options, CampaignPlan plan, CampaignRunner.CheckExecutor execute, CancellationToken ct = default)
    {
        var context = new ProbeContext("20261129T000000Z-test", RunKind.Adhoc, options.Probes);
        var channel = Channel.CreateUnbounded<ProbeResult>();
        var summary = await new CampaignRunner(context, execute).RunAsync(plan, channel.Writer, ct);
        channel.Writer.Complete();
        var results = new List<ProbeResult>();
        await foreach (var result in channel.Reader.ReadAllAsync(CancellationToken.None))
        {
            results.Add(result);
        }
        return (summary, results);
    }

    private static ProbeResult Result(ProbeContext context, ProbeStatus status) => new()
    {
        Id = Guid.NewGuid().ToString("N"),
        RunId = context.RunId,
        Kind = context.Kind,
        Operation = ProbeOperation.Upload,
        Rse = "LAKE-00",
        Site = "SITE-00",
        Protocol = "root",
        StartedAt = DateTimeOffset.UtcNow,
        Duration = TimeSpan.Zero,
        Status = status,
        FailureKind = status is ProbeStatus.Critical or ProbeStatus.Unknown ? FailureKind.ServerError : null,
    };
}
