using System.Net;
using System.Net.Sockets;
using Lakemon.IntegrationTests.Support;
using Lakemon.Probes.Results;
using Xunit;
using Xunit.Abstractions;
using static Lakemon.IntegrationTests.Support.ProcessRunner;

namespace Lakemon.IntegrationTests.Platform;

/// <summary>
/// Issue 5's HA acceptance with real processes: two `lakemon agent` nodes share one schedule in a real PostgreSQL
/// (Quartz cluster); one is killed with SIGKILL; the other keeps firing; no scheduled time is run twice.
/// </summary>
public sealed class AgentClusterTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string TokenVariable = "LAKEMON_HA_TOKEN";
    private const string PostgresVariable = "LAKEMON_HA_PG";
    private readonly PostgresCluster _postgres = new();

    public Task InitializeAsync() => _postgres.InitializeAsync();

    public Task DisposeAsync() => _postgres.DisposeAsync();

    [Fact]
    public async Task TwoAgentsOnOneSchedule_OneKilled_TheOtherKeepsFiringAndNoFireRunsTwice()
    {
        var directory = TestDirectories.Create("cluster");
        var port = FreePorts.Next();
        // One file:// RSE; storage checks every second (Quartz cron with seconds), the other jobs far away.
        var common = $"""
            sites:
              - name: S1
            rses:
              - name: FILE-A
                site: S1
                protocols:
                  - scheme: file
                    prefix: file://{directory}/rse
            probes:
              sizes: [1KiB]
            schedules:
              storage: "* * * * * ?"
              tpc: "0 0 3 1 1 ?"
              janitor: "0 0 4 1 1 ?"
              jitter: 0s
            scheduler:
              postgres:
                connection_env: {PostgresVariable}

            """;
        var collectorConfig = Path.Combine(directory, "collector.yaml");
        await File.WriteAllTextAsync(collectorConfig, common + $"collector:\n  listen: 127.0.0.1:{port}\n  token_env: {TokenVariable}\n");
        var agentConfigs = new[] { "a", "b" }.Select(name => Path.Combine(directory, $"agent-{name}.yaml")).ToList();
        foreach (var (config, name) in agentConfigs.Zip(["a", "b"]))
        {
            await File.WriteAllTextAsync(config, common + $"agent:\n  collector: http://127.0.0.1:{port}\n  token_env: {TokenVariable}\n  spool: ./spool-{name}\n");
        }
        var environment = new Dictionary<string, string>
        {
            [TokenVariable] = "cluster-test-token",
            [PostgresVariable] = await _postgres.CreateSchemaAsync(),
        };

        await using var collector = await LakemonNode.StartAsync(environment, "collector", "--config", collectorConfig);
        var first = await LakemonNode.StartAsync(environment, "agent", "--config", agentConfigs[0]);
        await using var second = await LakemonNode.StartAsync(environment, "agent", "--config", agentConfigs[1]);
        await WaitForRunsAsync(collectorConfig, 4, TimeSpan.FromSeconds(60));
        await first.KillAsync();
        var firstLog = first.StandardError;
        await first.DisposeAsync();
        var killedAt = DateTimeOffset.UtcNow;
        await WaitForRunsAfterAsync(collectorConfig, killedAt.AddSeconds(2), 4, TimeSpan.FromSeconds(90));
        var stoppingAt = DateTimeOffset.UtcNow;
        Assert.Equal(0, await second.StopAsync());
        Assert.Equal(0, await collector.StopAsync());

        var runs = await RunsAsync(collectorConfig);
        output.WriteLine($"{runs.Count} storage runs; stamps after the kill: {runs.Count(r => r.Stamp > killedAt)}");
        // A run id is stamped with its scheduled fire time: two runs of one fire would share a stamp.
        var twice = runs.GroupBy(r => r.Stamp).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        // The killed agent's last round may have shipped part of its results (the rest stay in its spool, and it never
        // comes back), and the stopped agent cancels the round it is in: no other round may be incomplete.
        var incomplete = runs.Where(r => r.Results != 6 && r.Stamp < killedAt.AddSeconds(-2) || r.Results != 6 && r.Stamp > killedAt && r.Stamp < stoppingAt.AddSeconds(-2)).ToList();
        if (twice.Count > 0 || incomplete.Count > 0)
        {
            output.WriteLine($"runs: {string.Join(", ", runs.Select(r => $"{r.RunId}={r.Results}"))}");
            output.WriteLine($"killed at {killedAt:O}, stopping at {stoppingAt:O}\n--- agent a ---\n{firstLog}\n--- agent b ---\n{second.StandardError}");
        }
        Assert.Empty(twice);
        Assert.Empty(incomplete);
        Assert.True(runs.Count(r => r.Results != 6) <= 2, $"{runs.Count(r => r.Results != 6)} incomplete rounds");
    }

    private static async Task WaitForRunsAsync(string config, int count, TimeSpan timeout) =>
        await WaitForRunsAfterAsync(config, DateTimeOffset.MinValue, count, timeout);

    private static async Task WaitForRunsAfterAsync(string config, DateTimeOffset after, int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while ((await RunsAsync(config)).Count(r => r.Stamp > after && r.Results == 6) < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"fewer than {count} runs after {after:O} within {timeout}");
            await Task.Delay(250);
        }
    }

    private static async Task<List<(string RunId, DateTimeOffset Stamp, int Results)>> RunsAsync(string config)
    {
        var export = await LakemonAsync("results", "export", "--config", config, "--kind", "scheduled");
        Assert.True(export.ExitCode == 0, export.ToString());
        return export.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => ProbeResultJson.TryParse(line, out var result, out _) ? result.RunId : throw new InvalidOperationException(line))
            .GroupBy(id => id)
            .Select(g => (g.Key, Probes.Campaigns.ProbePaths.CreatedAt(g.Key)!.Value, g.Count()))
            .ToList();
    }
}
