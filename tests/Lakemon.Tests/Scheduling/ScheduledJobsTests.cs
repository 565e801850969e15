using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Lakemon.Collector.Scheduling;
using Lakemon.Probes.Campaigns;
using Lakemon.Probes.Configuration;
using Lakemon.Probes.Results;
using Lakemon.Tests.Campaigns;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Lakemon.Tests.Scheduling;

/// <summary>The jobs really firing on an in-memory scheduler: crons with a seconds field keep each test to a few seconds.</summary>
public sealed class ScheduledJobsTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private readonly string root = Directory.CreateTempSubdirectory("lakemon-scheduler-").FullName;

    [Fact]
    public async Task StorageJob_Fires_RunsARealStorageCampaignOnTheFileLakeIntoTheChannel()
    {
        var options = SchedulerTestConfigs.FileLake(root, SchedulerTestConfigs.Only(storage: SchedulerTestConfigs.EverySecond));
        var expected = CampaignPlanner.Plan(options, PlanFilter.All).ExpectedResults;
        await using var host = await SchedulerTestHost.CreateAsync(options);

        var results = new List<ProbeResult>();
        using var timeout = new CancellationTokenSource(Patience);
        // The first complete round: every result of one run id.
        while (results.GroupBy(r => r.RunId).All(run => run.Count() < expected))
        {
            results.Add(await host.Results.Reader.ReadAsync(timeout.Token));
        }

        var round = results.GroupBy(r => r.RunId).First(run => run.Count() == expected).ToList();
        Assert.All(round, r =>
        {
            Assert.Equal(RunKind.Scheduled, r.Kind);
            Assert.Contains(r.Operation, ProbeOperations.StorageLifecycle);
            Assert.Equal(ProbeStatus.Ok, r.Status);
            Assert.Equal("LAKE-00", r.Rse);
        });
        // The run id carries the scheduled fire time it ran for.
        var stamp = ProbePaths.CreatedAt(round[0].RunId);
        Assert.Contains(host.Fires.Started, fire => fire.Job.Equals(ProbeJobs.StorageJob) && fire.ScheduledAt == stamp);
    }

    [Fact]
    public async Task GenericHost_StartAndStop_SchedulerRunsWithTheHostAndStopsCleanly()
    {
        // What `lakemon run` / `lakemon agent` will do: one call on the host's services, the hosted service does the rest.
        var options = SchedulerTestConfigs.FileLake(root, SchedulerTestConfigs.Only(storage: SchedulerTestConfigs.EverySecond));
        var results = Channel.CreateUnbounded<ProbeResult>();
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Services.AddLakemonScheduler(options, results.Writer);
        using var host = builder.Build();
        using var timeout = new CancellationTokenSource(Patience);

        await host.StartAsync(timeout.Token);
        var first = await results.Reader.ReadAsync(timeout.Token);
        await host.StopAsync(timeout.Token);

        Assert.Equal(RunKind.Scheduled, first.Kind);
    }

    [Fact]
    public async Task TpcJob_Fires_RunsTheTransferMatrixOnly()
    {
        // Two RSEs with root doors: 2 links × 1 mode × 1 size, and 2 × 1 storage checks the TPC job must leave alone.
        var options = TestConfigs.Lake(2, ["root"], [1024]) with { Schedules = SchedulerTestConfigs.Only(tpc: SchedulerTestConfigs.EverySecond) };
        var seen = new ConcurrentQueue<PlannedCheck>();
        await using var host = await SchedulerTestHost.CreateAsync(options, services => services.AddSingleton<CampaignRunner.CheckExecutor>(
            (check, _, _, _) =>
            {
                seen.Enqueue(check);
                return Task.CompletedTask;
            }));

        Assert.True(await SchedulerTestHost.EventuallyAsync(() => host.Fires.FinishedCount(ProbeJobs.TpcJob) >= 1, Patience));

        Assert.Equal(2, seen.Count);
        Assert.All(seen, check => Assert.IsType<TpcCheck>(check));
        Assert.Equal(0, host.Fires.Count(ProbeJobs.StorageJob));
    }

    [Fact]
    public async Task StorageJob_RoundSlowerThanItsPeriod_NextFireWaitsInsteadOfOverlapping()
    {
        // Every second, but each round takes 1.3 s: without DisallowConcurrentExecution Quartz would start the next
        // round beside the running one. The jobs' own campaign slot would hide that inside Execute, so the count is
        // taken where Quartz starts executions, not in the campaign.
        var options = SchedulerTestConfigs.FileLake(root, SchedulerTestConfigs.Only(storage: SchedulerTestConfigs.EverySecond));
        await using var host = await SchedulerTestHost.CreateAsync(options, services => services.AddSingleton<CampaignRunner.CheckExecutor>(
            (_, _, _, ct) => Task.Delay(TimeSpan.FromMilliseconds(1300), ct)));

        Assert.True(await SchedulerTestHost.EventuallyAsync(() => host.Fires.FinishedCount(ProbeJobs.StorageJob) >= 2, Patience));

        Assert.Equal(1, host.Fires.MaxRunning(ProbeJobs.StorageJob));
    }

    [Fact]
    public async Task StorageTrigger_AfterTheClockJumpedPastManyFires_SkipsThemAndResumesAtTheNextCronTime()
    {
        // A process frozen (suspended VM, SIGSTOP, a node that was down) for ten minutes of a once-a-minute schedule:
        // ten stale fires. DoNothing runs none of them (FireAndProceed would run one now, IgnoreMisfires all ten).
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 30, TimeSpan.Zero));
        var options = SchedulerTestConfigs.FileLake(root, SchedulerTestConfigs.Only(storage: CronSchedule.Parse("0 * * * * ?")));
        await using var host = await SchedulerTestHost.CreateAsync(options, services => services.AddSingleton<TimeProvider>(clock), start: false);
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 1, 0, TimeSpan.Zero), (await host.Scheduler.GetTrigger(ProbeJobs.StorageTrigger))!.NextFireTimeUtc);

        clock.Advance(TimeSpan.FromMinutes(10));
        await host.Scheduler.Start();

        var resumeAt = new DateTimeOffset(2026, 1, 1, 0, 11, 0, TimeSpan.Zero);
        Assert.True(await SchedulerTestHost.EventuallyAsync(
            () => host.Scheduler.GetTrigger(ProbeJobs.StorageTrigger).AsTask().Result!.NextFireTimeUtc == resumeAt, Patience));
        // Give a wrongly replayed fire time to show up.
        await Task.Delay(300);
        Assert.Equal(0, host.Fires.Count(ProbeJobs.StorageJob));
        Assert.False(host.Results.Reader.TryRead(out _));
    }

    [Fact]
    public async Task JanitorJob_SweepThrowsEveryTime_SchedulerKeepsFiringItAndTheOtherJobs()
    {
        // A negative file lifetime makes ProbeJanitor.CleanAsync throw on every fire: a campaign that blows up.
        var options = SchedulerTestConfigs.FileLake(root, SchedulerTestConfigs.Only(storage: SchedulerTestConfigs.EverySecond, janitor: SchedulerTestConfigs.EverySecond));
        options = options with { Probes = options.Probes with { FileLifetime = TimeSpan.FromSeconds(-1) } };
        await using var host = await SchedulerTestHost.CreateAsync(options);

        Assert.True(await SchedulerTestHost.EventuallyAsync(
            () => host.Fires.FinishedCount(ProbeJobs.JanitorJob) >= 3 && host.Fires.FinishedCount(ProbeJobs.StorageJob) >= 2, Patience));

        // The job swallowed the failure (logged it): Quartz saw clean executions, and the scheduler is still running.
        Assert.All(host.Fires.Finished, fire => Assert.Null(fire.Error));
        Assert.Equal(Quartz.SchedulerStatus.Running, host.Scheduler.Status);
    }

    [Fact]
    public async Task RunAsync_Jitter_CampaignStartsOnlyAfterTheDrawnDelayOnTheGivenClock()
    {
        // Sample 0.5 of a 10-minute jitter: five minutes.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var started = new StrongBox<int>();
        using var campaigns = HalfOfTenMinutesJitter(clock, started);

        var run = campaigns.RunAsync(ProbeFamily.Storage, new ScheduledFire("fire-1", clock.GetUtcNow()), CancellationToken.None).AsTask();
        clock.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        await Task.Delay(100);
        Assert.Equal(0, Volatile.Read(ref started.Value));
        Assert.False(run.IsCompleted);

        clock.Advance(TimeSpan.FromSeconds(1));
        await run.WaitAsync(Patience);
        Assert.Equal(1, Volatile.Read(ref started.Value));
    }

    [Fact]
    public async Task RunAsync_CancelledDuringTheJitter_EndsQuietlyWithoutStarting()
    {
        var clock = new FakeTimeProvider();
        var started = new StrongBox<int>();
        using var campaigns = HalfOfTenMinutesJitter(clock, started);
        using var shutdown = new CancellationTokenSource();

        var run = campaigns.RunAsync(ProbeFamily.Storage, new ScheduledFire("fire-1", clock.GetUtcNow()), shutdown.Token).AsTask();
        await shutdown.CancelAsync();

        await run.WaitAsync(Patience);
        Assert.Equal(0, started.Value);
    }

    /// <summary>Storage campaigns with a 10-minute jitter drawn at its middle (5 minutes), counting the checks started.</summary>
    private ScheduledCampaigns HalfOfTenMinutesJitter(FakeTimeProvider clock, StrongBox<int> started)
    {
        var options = SchedulerTestConfigs.FileLake(root, SchedulerTestConfigs.Only(jitter: TimeSpan.FromMinutes(10)));
        return new ScheduledCampaigns(options, Channel.CreateUnbounded<ProbeResult>().Writer, new StartJitter(new FixedRandom(0.5)), clock,
            NullLogger<ScheduledCampaigns>.Instance,
            (_, _, _, _) =>
            {
                Interlocked.Increment(ref started.Value);
                return Task.CompletedTask;
            });
    }

    public void Dispose() => Directory.Delete(root, recursive: true);
}
