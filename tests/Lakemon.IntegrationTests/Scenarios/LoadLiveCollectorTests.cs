using System.Net.Http.Headers;
using Lakemon.IntegrationTests.Platform;
using Lakemon.IntegrationTests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Lakemon.IntegrationTests.Scenarios;

/// <summary>A rehearsal with a `collector:` ships its results (kind=challenge, the run id) to a real `lakemon
/// collector` while it runs, not only at the end.</summary>
public sealed class LoadLiveCollectorTests(ITestOutputHelper output)
{
    private const string TokenVariable = "LAKEMON_TEST_LOAD_TOKEN";

    [Fact]
    public async Task LoadRun_WithCollector_ResultsArriveDuringTheRunAndAllAtTheEnd()
    {
        await using var lake = await RunningLake.StartAsync(2, "load-live");
        var environment = new Dictionary<string, string> { [TokenVariable] = "load-live-token" };
        var lakeConfig = await File.ReadAllTextAsync(Path.Combine(lake.Directory, "lakemon.yaml"));
        var collectorConfig = Path.Combine(lake.Directory, "collector.yaml");
        await File.WriteAllTextAsync(collectorConfig, lakeConfig + $"collector:\n  listen: 127.0.0.1:0\n  token_env: {TokenVariable}\nstore:\n  sqlite:\n    path: ./collector.db\n");
        await using var collector = await LakemonNode.StartAsync(environment, "collector", "--config", collectorConfig);
        const string runId = "20261129T000000Z-live01";
        var rehearsal = Path.Combine(lake.Directory, "live.yaml");
        await File.WriteAllTextAsync(rehearsal, $"""
            config: lakemon.yaml
            run_id: {runId}
            report_interval: 1s
            collector:
              url: {collector.Address}
              token_env: {TokenVariable}
            scenarios:
              - name: uploads
                type: upload-storm
                protocol: root
                rate: 5
                file_size: 16KiB
                duration: 6s
            """);
        var reports = Path.Combine(lake.Directory, "live-report");

        var load = ProcessRunner.RunAsync("dotnet", [ProcessRunner.LakemonDll, "load", "run", rehearsal, "--report", reports], environment: environment);
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "load-live-token");
        async Task<int> StoredAsync() =>
            (await http.GetStringAsync(new Uri(collector.Address, $"/api/v1/results?kind=challenge&limit=100000")))
                .Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(line => line.Contains(runId, StringComparison.Ordinal));
        var seenWhileRunning = 0;
        while (!load.IsCompleted && seenWhileRunning == 0)
        {
            seenWhileRunning = await StoredAsync();
            await Task.WhenAny(load, Task.Delay(200));
        }
        var run = await load;
        output.WriteLine(run.ToString());

        Assert.Equal(0, run.ExitCode);
        Assert.True(seenWhileRunning > 0, "no result reached the collector before the run ended");
        var produced = (await File.ReadAllLinesAsync(Path.Combine(reports, "results.jsonl"))).Length;
        Assert.Equal(produced, await StoredAsync());
        Assert.DoesNotContain("load-live-token", run.StandardError + run.StandardOutput, StringComparison.Ordinal);
    }
}
