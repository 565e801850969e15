using System.Net;
using System.Net.Sockets;
using System.Text;
using Lakemon.IntegrationTests.Support;
using Lakemon.Probes.Results;
using Xunit;
using Xunit.Abstractions;
using static Lakemon.IntegrationTests.Support.ProcessRunner;

namespace Lakemon.IntegrationTests.Platform;

/// <summary>
/// Issue 5's durability acceptance with real processes: an agent ships 100 000 results; the collector is killed with
/// SIGKILL mid-stream; every result it acknowledged is in its store, and once it is back the agent's resend completes
/// the set without a duplicate.
/// </summary>
public sealed class AgentCollectorDurabilityTests(ITestOutputHelper output)
{
    private const int Segments = 100;
    private const int PerSegment = 1000;
    private const string TokenVariable = "LAKEMON_TEST_INGEST_TOKEN";

    [Fact]
    public async Task CollectorKilledWhileAnAgentShips_AcknowledgedResultsSurviveAndResendAddsNoDuplicate()
    {
        var directory = TestDirectories.Create("durability");
        var port = FreePorts.Next();
        var spool = Path.Combine(directory, "spool");
        var rses = $"sites:\n  - name: S1\nrses:\n  - name: FILE-A\n    site: S1\n    protocols:\n      - scheme: file\n        prefix: file://{directory}/rse\n";
        var collectorConfig = Path.Combine(directory, "collector.yaml");
        var agentConfig = Path.Combine(directory, "agent.yaml");
        await File.WriteAllTextAsync(collectorConfig, rses + $"collector:\n  listen: 127.0.0.1:{port}\n  token_env: {TokenVariable}\nstore:\n  sqlite:\n    path: ./collector.db\n");
        await File.WriteAllTextAsync(agentConfig, rses + $"agent:\n  collector: http://127.0.0.1:{port}\n  token_env: {TokenVariable}\n  spool: ./spool\n");
        var ids = await FillSpoolAsync(spool);
        var environment = new Dictionary<string, string> { [TokenVariable] = "durability-test-token" };

        var collector = await LakemonNode.StartAsync(environment, "collector", "--config", collectorConfig);
        await using var agent = await LakemonNode.StartAsync(environment, "agent", "--config", agentConfig);
        await WaitUntilAsync(() => SpooledSegments(spool) <= Segments * 3 / 4, TimeSpan.FromSeconds(60));
        await collector.KillAsync();
        await collector.DisposeAsync();

        // Acknowledged = no longer in the spool (the agent deletes a segment only after a 200).
        var unacknowledged = new HashSet<string>(StringComparer.Ordinal);
        foreach (var segment in Directory.EnumerateFiles(spool, "*.json"))
        {
            foreach (var line in ReadIds(await File.ReadAllTextAsync(segment)))
            {
                unacknowledged.Add(line);
            }
        }
        var afterCrash = (await StoredIdsAsync(collectorConfig)).ToHashSet(StringComparer.Ordinal);
        var acknowledged = ids.Where(id => !unacknowledged.Contains(id)).ToList();
        output.WriteLine($"killed with {acknowledged.Count} results acknowledged, {afterCrash.Count} stored");
        Assert.True(acknowledged.Count > 0 && unacknowledged.Count > 0, "the kill did not land mid-stream");
        var lost = acknowledged.Where(id => !afterCrash.Contains(id)).ToList();
        Assert.True(lost.Count == 0, $"{lost.Count} acknowledged results are missing after the crash, e.g. {lost.FirstOrDefault()}");

        await using (var restarted = await LakemonNode.StartAsync(environment, "collector", "--config", collectorConfig))
        {
            await WaitUntilAsync(() => SpooledSegments(spool) == 0, TimeSpan.FromSeconds(120));
            Assert.Equal(0, await restarted.StopAsync());
        }
        Assert.Equal(0, await agent.StopAsync());

        var stored = await StoredIdsAsync(collectorConfig);
        var prefilled = stored.Where(id => id.StartsWith("dur-", StringComparison.Ordinal)).ToList();
        Assert.Equal(Segments * PerSegment, prefilled.Count);
        Assert.Equal(prefilled.Count, prefilled.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(ids.Order(StringComparer.Ordinal), prefilled.Order(StringComparer.Ordinal));
        Directory.Delete(directory, recursive: true);
    }

    private static async Task<List<string>> FillSpoolAsync(string spool)
    {
        Directory.CreateDirectory(spool);
        var ids = new List<string>(Segments * PerSegment);
        var started = DateTimeOffset.UtcNow.AddHours(-1);
        for (var segment = 1; segment <= Segments; segment++)
        {
            var body = new StringBuilder("[");
            for (var i = 0; i < PerSegment; i++)
            {
                var id = $"dur-{segment:D3}-{i:D4}";
                ids.Add(id);
                body.Append(i == 0 ? "" : ",").Append(ProbeResultJson.Serialize(new ProbeResult
                {
                    Id = id,
                    RunId = "20261129T000000Z-durable",
                    Kind = RunKind.Scheduled,
                    Operation = ProbeOperation.Upload,
                    Rse = "FILE-A",
                    Site = "S1",
                    Protocol = "file",
                    StartedAt = started.AddMilliseconds(segment * PerSegment + i),
                    Duration = TimeSpan.FromMilliseconds(3),
                    Status = ProbeStatus.Ok,
                }));
            }
            await File.WriteAllTextAsync(Path.Combine(spool, $"{segment:D12}.json"), body.Append(']').ToString());
        }
        return ids;
    }

    private static IEnumerable<string> ReadIds(string json)
    {
        using var document = System.Text.Json.JsonDocument.Parse(json);
        return document.RootElement.EnumerateArray().Select(e => e.GetProperty("id").GetString()!).ToList();
    }

    private static async Task<List<string>> StoredIdsAsync(string config)
    {
        var export = await LakemonAsync("results", "export", "--config", config);
        Assert.True(export.ExitCode == 0, export.ToString());
        return export.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => ProbeResultJson.TryParse(line, out var result, out _) ? result.Id : throw new InvalidOperationException(line))
            .ToList();
    }

    private static int SpooledSegments(string spool) => Directory.EnumerateFiles(spool, "*.json").Count();

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"condition not met within {timeout}");
            await Task.Delay(10);
        }
    }
}
