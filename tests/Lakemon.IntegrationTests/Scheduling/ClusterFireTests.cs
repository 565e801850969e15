using System.Threading.Channels;
using Lakemon.Collector.Scheduling;
using Lakemon.IntegrationTests.Support;
using Lakemon.Probes.Campaigns;
using Lakemon.Probes.Configuration;
using Lakemon.Probes.Results;
using Lakemon.Tests.Scheduling;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Quartz;

namespace Lakemon.IntegrationTests.Scheduling;

/// <summary>
/// The two guards that keep a clustered schedule from running one time twice, on a real PostgreSQL: a node starting
/// with an unchanged schedule leaves the stored triggers alone, and every fire is claimed in the database before it
/// runs.
/// </summary>
public sealed class ClusterFireTests : IAsyncLifetime
{
    private readonly string root = TestDirectories.Create("cluster-fires");
    private readonly PostgresCluster postgres = new();

    public Task InitializeAsync() => postgres.InitializeAsync();

    [Fact]
    public async Task TryClaim_SameJobAndTime_OnlyTheFirstWinsAndTheOthersLearnWhoHasIt()
    {
        var connection = await postgres.CreateSchemaAsync();
        await using var nodeA = new FireClaims(connection);
        await using var nodeB = new FireClaims(connection);
        var at = new DateTimeOffset(2026, 11, 29, 12, 0, 1, TimeSpan.Zero);

        Assert.Equal((true, null), await nodeA.TryClaimAsync("Storage", new ScheduledFire("a-1", at), CancellationToken.None));
        Assert.Equal((false, "a-1"), await nodeB.TryClaimAsync("Storage", new ScheduledFire("b-1", at), CancellationToken.None));
        Assert.Equal((false, "a-1"), await nodeA.TryClaimAsync("Storage", new ScheduledFire("a-2", at), CancellationToken.None));
        // Another job at that time, or the same job a millisecond later, is another fire.
        Assert.True((await nodeB.TryClaimAsync("Tpc", new ScheduledFire("b-2", at), CancellationToken.None)).Claimed);
        Assert.True((await nodeB.TryClaimAsync("Storage", new ScheduledFire("b-3", at.AddMilliseconds(1)), CancellationToken.None)).Claimed);
    }

    [Fact]
    public async Task TryClaim_ManyNodesAtOnce_ExactlyOneWinsEachFire()
    {
        var connection = await postgres.CreateSchemaAsync();
        var nodes = Enumerable.Range(0, 6).Select(_ => new FireClaims(connection)).ToList();
        try
        {
            var at = new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);
            for (var second = 0; second < 5; second++)
            {
                var fire = at.AddSeconds(second);
                var claims = await Task.WhenAll(nodes.Select((node, i) => Task.Run(() => node.TryClaimAsync("Storage", new ScheduledFire($"n{i}", fire), CancellationToken.None))));
                Assert.Single(claims, c => c.Claimed);
                var winner = claims.Single(c => c.Claimed);
                Assert.All(claims.Where(c => !c.Claimed), c => Assert.StartsWith("n", c.Holder));
            }
        }
        finally
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task TryClaim_ClaimsOlderThanTheRetention_ArePrunedByLaterClaimsOfTheSameJob()
    {
        var connection = await postgres.CreateSchemaAsync();
        await using var claims = new FireClaims(connection);
        var at = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
        await claims.TryClaimAsync("Storage", new ScheduledFire("old", at), CancellationToken.None);
        await claims.TryClaimAsync("Tpc", new ScheduledFire("other-job", at), CancellationToken.None);
        await claims.TryClaimAsync("Storage", new ScheduledFire("recent", at + FireClaims.Retention - TimeSpan.FromSeconds(1)), CancellationToken.None);
        Assert.Equal(["old", "other-job", "recent"], await ClaimedAsync(connection));

        await claims.TryClaimAsync("Storage", new ScheduledFire("new", at + FireClaims.Retention + TimeSpan.FromSeconds(1)), CancellationToken.None);
        Assert.Equal(["new", "other-job", "recent"], await ClaimedAsync(connection));
    }

    [Fact]
    public async Task RunAsync_TwoNodesGivenOneFire_OnlyOneRunsItsCampaign()
    {
        var connection = await postgres.CreateSchemaAsync();
        var started = 0;
        var options = Options(Never);
        await using var claimsA = new FireClaims(connection);
        await using var claimsB = new FireClaims(connection);
        ScheduledCampaigns Node(FireClaims claims) => new(options, Channel.CreateUnbounded<ProbeResult>().Writer, StartJitter.Shared,
            TimeProvider.System, NullLogger<ScheduledCampaigns>.Instance,
            (_, _, _, _) =>
            {
                Interlocked.Increment(ref started);
                return Task.CompletedTask;
            },
            claims);
        using var nodeA = Node(claimsA);
        using var nodeB = Node(claimsB);
        var at = new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

        await Task.WhenAll(
            nodeA.RunAsync(ProbeFamily.Storage, new ScheduledFire("a", at), CancellationToken.None).AsTask(),
            nodeB.RunAsync(ProbeFamily.Storage, new ScheduledFire("b", at), CancellationToken.None).AsTask());
        // The file lake has one door, so a storage campaign is one lifecycle check: one campaign ran, not two.
        Assert.Equal(1, started);

        await nodeB.RunAsync(ProbeFamily.Storage, new ScheduledFire("b", at.AddSeconds(1)), CancellationToken.None);
        Assert.Equal(2, started);
    }

    [Fact]
    public async Task Start_UnchangedScheduleOnAnotherNode_LeavesTheStoredTriggersUntouched_AChangedOneIsReplaced()
    {
        var connection = await postgres.CreateSchemaAsync();
        var every10Minutes = Options(CronSchedule.Parse("0 */10 * * * ?"));
        await using (var first = await SchedulerTestHost.CreateAsync(every10Minutes, store: Store(connection, "node-a"), start: false))
        {
            // As a running node leaves it while it waits for the next fire time: acquired. Storing the trigger again
            // would reset it to WAITING, free for a second node to acquire the same fire.
            await ExecuteAsync(connection, $"UPDATE qrtz_triggers SET trigger_state = 'ACQUIRED' WHERE trigger_name = '{ProbeJobs.StorageTrigger.Name}'");
            var before = await TriggerRowsAsync(connection);
            Assert.Equal(3, before.Count);

            await using (var second = await SchedulerTestHost.CreateAsync(every10Minutes, store: Store(connection, "node-b")))
            {
                Assert.Equal(before, await TriggerRowsAsync(connection));
            }

            var hourly = Options(CronSchedule.Parse("0 0 * * * ?"));
            await using var third = await SchedulerTestHost.CreateAsync(hourly, store: Store(connection, "node-c"));
            var after = await TriggerRowsAsync(connection);
            Assert.Equal(before.Where(r => r.Trigger != ProbeJobs.StorageTrigger.Name), after.Where(r => r.Trigger != ProbeJobs.StorageTrigger.Name));
            var storage = Assert.Single(after, r => r.Trigger == ProbeJobs.StorageTrigger.Name);
            Assert.Equal("0 0 * * * ?", storage.Cron);
            var trigger = (await third.Scheduler.GetTrigger(ProbeJobs.StorageTrigger))!;
            Assert.Equal(0, trigger.NextFireTimeUtc!.Value.Minute);
        }
    }

    public async Task DisposeAsync()
    {
        await postgres.DisposeAsync();
        Directory.Delete(root, recursive: true);
    }

    private static readonly CronSchedule Never = CronSchedule.Parse("0 0 0 1 1 ? 2099");

    private LakemonOptions Options(CronSchedule storage) => ClusteredSchedulerTests.FileLake(root, storage);

    private static SchedulerStoreOptions Store(string connection, string instanceId) => new()
    {
        PostgresConnectionString = connection,
        InstanceId = instanceId,
    };

    private static async Task ExecuteAsync(string connection, string sql)
    {
        await using var dataSource = NpgsqlDataSource.Create(connection);
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<List<string>> ClaimedAsync(string connection)
    {
        await using var dataSource = NpgsqlDataSource.Create(connection);
        await using var command = dataSource.CreateCommand("SELECT fire_instance_id FROM lakemon_fire_claims ORDER BY fire_instance_id");
        await using var reader = await command.ExecuteReaderAsync();
        var ids = new List<string>();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetString(0));
        }
        return ids;
    }

    /// <summary>Each stored trigger as its rows read: name, start time, next fire time, state and cron.</summary>
    private static async Task<List<(string Trigger, long StartTime, long NextFire, string State, string Cron)>> TriggerRowsAsync(string connection)
    {
        await using var dataSource = NpgsqlDataSource.Create(connection);
        await using var command = dataSource.CreateCommand(
            """
            SELECT t.trigger_name, t.start_time, t.next_fire_time, t.trigger_state, c.cron_expression
            FROM qrtz_triggers t JOIN qrtz_cron_triggers c USING (sched_name, trigger_name, trigger_group)
            WHERE t.sched_name = 'lakemon' ORDER BY t.trigger_name
            """);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, long, long, string, string)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetString(3), reader.GetString(4)));
        }
        return rows;
    }
}
