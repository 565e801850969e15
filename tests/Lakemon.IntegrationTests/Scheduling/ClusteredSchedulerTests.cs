using System.Collections.Concurrent;
using Lakemon.Collector.Scheduling;
using Lakemon.IntegrationTests.Support;
using Lakemon.Probes.Campaigns;
using Lakemon.Probes.Configuration;
using Lakemon.Probes.Results;
using Lakemon.Tests.Scheduling;
using Npgsql;

namespace Lakemon.IntegrationTests.Scheduling;

/// <summary>
/// Issue 5's HA acceptance: two scheduler nodes (as two `lakemon agent`s would run them) share one schedule in a real
/// PostgreSQL job store. Each fire runs on exactly one node, and when one node goes away the other keeps firing.
/// The cron has a seconds field, so a few seconds give a dozen fires.
/// </summary>
public sealed class ClusteredSchedulerTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly string root = TestDirectories.Create("ha-lake");
    private PostgresCluster? postgres;

    private PostgresCluster Postgres => postgres ?? throw new InvalidOperationException("PostgreSQL not started");

    public async Task InitializeAsync()
    {
        var cluster = new PostgresCluster();
        await cluster.InitializeAsync();
        postgres = cluster;
    }

    [Fact]
    public async Task TwoNodesOnOneStore_OneShutsDown_TheOtherKeepsFiringAndNoFireRunsTwice()
    {
        var options = Options();
        await using var nodeA = await SchedulerTestHost.CreateAsync(options, store: Store("node-a"));
        var resultsA = Drain(nodeA);
        Assert.True(await SchedulerTestHost.EventuallyAsync(() => nodeA.Fires.Count(ProbeJobs.StorageJob) >= 2, Patience),
            "node A alone never fired twice");

        await using var nodeB = await SchedulerTestHost.CreateAsync(options, store: Store("node-b"));
        var resultsB = Drain(nodeB);
        var bothFrom = nodeA.Fires.Count(ProbeJobs.StorageJob);
        Assert.True(await SchedulerTestHost.EventuallyAsync(
            () => nodeA.Fires.Count(ProbeJobs.StorageJob) + nodeB.Fires.Count(ProbeJobs.StorageJob) - bothFrom >= 3, Patience),
            "the two nodes together stopped firing");

        // Node A goes away without waiting for its round: its running campaign is cancelled.
        await nodeA.Scheduler.Shutdown(waitForJobsToComplete: false);
        var stoppedAt = DateTimeOffset.UtcNow;
        var firesOfA = nodeA.Fires.Count(ProbeJobs.StorageJob);
        Assert.True(await SchedulerTestHost.EventuallyAsync(
            () => nodeB.Fires.Started.Count(f => f.Job.Equals(ProbeJobs.StorageJob) && f.ScheduledAt > stoppedAt) >= 3, Patience),
            "node B did not keep firing after node A stopped");
        await nodeB.Scheduler.Shutdown(waitForJobsToComplete: true);

        Assert.Equal(firesOfA, nodeA.Fires.Count(ProbeJobs.StorageJob));
        var fires = nodeA.Fires.Started.Concat(nodeB.Fires.Started).Where(f => f.Job.Equals(ProbeJobs.StorageJob)).ToList();
        // No scheduled fire time ran twice, on one node or across both, and Quartz never reused a firing's id.
        Assert.Equal(fires.Count, fires.Select(f => f.ScheduledAt).Distinct().Count());
        Assert.Equal(fires.Count, fires.Select(f => f.FireInstanceId).Distinct().Count());
        // The results say the same: one run per scheduled second, each carrying its fire time in its run id.
        var runs = resultsA.Concat(resultsB).Select(r => r.RunId).Distinct().ToList();
        var stamps = runs.Select(ProbePaths.CreatedAt).ToList();
        Assert.Equal(runs.Count, stamps.Distinct().Count());
        Assert.All(stamps, stamp => Assert.Contains(fires, f => f.ScheduledAt == stamp));
        Assert.True(runs.Count >= fires.Count - 1, $"{runs.Count} runs with results for {fires.Count} fires");
    }

    [Fact]
    public async Task FirstStart_EmptyDatabase_CreatesQuartzSchemaAndStoresTheSchedule()
    {
        await using (var node = await SchedulerTestHost.CreateAsync(Options(), store: Store("node-a"), start: false))
        {
            Assert.NotNull(await node.Scheduler.GetTrigger(ProbeJobs.StorageTrigger));
        }

        await using var connection = new NpgsqlConnection(Postgres.ConnectionString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT trigger_name, job_name FROM qrtz_triggers WHERE sched_name = 'lakemon' ORDER BY trigger_name", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, string)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetString(1)));
        }
        Assert.Equal([("janitor-cron", "janitor"), ("storage-cron", "storage"), ("tpc-cron", "tpc")], rows);
    }

    public async Task DisposeAsync()
    {
        if (postgres is not null)
        {
            await postgres.DisposeAsync();
        }
        Directory.Delete(root, recursive: true);
    }

    private SchedulerStoreOptions Store(string instanceId) => new()
    {
        PostgresConnectionString = Postgres.ConnectionString(),
        InstanceId = instanceId,
        ClusterCheckinInterval = TimeSpan.FromSeconds(1),
    };

    /// <summary>A one-RSE file lake probed every second, nothing else scheduled, no jitter.</summary>
    private LakemonOptions Options() => FileLake(root, CronSchedule.Parse("* * * * * ?"));

    /// <summary>A one-RSE file lake under <paramref name="root"/> whose storage checks run on
    /// <paramref name="storage"/>; nothing else is scheduled and there is no jitter.</summary>
    internal static LakemonOptions FileLake(string root, CronSchedule storage)
    {
        var never = CronSchedule.Parse("0 0 0 1 1 ? 2099");
        var rse = new RseOptions("LAKE-00", "SITE-00", true, [new ProtocolOptions(ProtocolSchemes.File, new Uri(Path.Combine(root, "lake-00")))],
            ChecksumAlgorithm.Adler32, [], 4, null);
        return new LakemonOptions([new SiteOptions("SITE-00", null)], [rse], new Dictionary<string, CredentialOptions>(),
            ProbeOptions.Default with { Sizes = [1024] },
            new ScheduleOptions(storage, never, never, TimeSpan.Zero),
            SinkOptions.None);
    }

    /// <summary>Reads a node's results channel as they come, so the channel never fills.</summary>
    private static ConcurrentQueue<ProbeResult> Drain(SchedulerTestHost node)
    {
        var results = new ConcurrentQueue<ProbeResult>();
        _ = Task.Run(async () =>
        {
            await foreach (var result in node.Results.Reader.ReadAllAsync())
            {
                results.Enqueue(result);
            }
        });
        return results;
    }
}
