using Lakemon.IntegrationTests.Campaigns;
using Lakemon.IntegrationTests.Support;
using Xunit;
using static Lakemon.IntegrationTests.Support.ProcessRunner;

namespace Lakemon.IntegrationTests.Platform;

/// <summary>`lakemon run` as the full platform on a local lake, scraped by a real Debian Prometheus.</summary>
public sealed class RunPlatformTests
{
    [Fact]
    public async Task Run_OnTheLocalLake_PrometheusSeesEveryCheckAndLinkAndPromtoolIsClean()
    {
        await TestPackages.EnsureInstalledAsync("prometheus", "promtool");
        await using var lake = await RunningLake.StartAsync(3, "platform");
        var config = Path.Combine(lake.Directory, "platform.yaml");
        // No start jitter, so the first cycle (one storage and one TPC campaign at start) is done in seconds.
        await File.WriteAllTextAsync(config, await File.ReadAllTextAsync(Path.Combine(lake.Directory, "lakemon.yaml")) + "\nschedules:\n  jitter: 0s\n");

        await using var run = await LakemonNode.StartAsync(null, "run", "--config", config, "--listen", "127.0.0.1:0");
        await using var prometheus = await PrometheusServer.StartAsync(run.Address);

        // 3 RSEs × 2 doors × 6 lifecycle operations; 3·2 ordered links × 3 TPC modes.
        var checks = await prometheus.QueryUntilAsync("lakemon_probe_success", s => s.Count >= 36, TimeSpan.FromSeconds(90));
        var links = await prometheus.QueryUntilAsync("lakemon_transfer_success", s => s.Count >= 18, TimeSpan.FromSeconds(90));
        Assert.Equal(36, checks.Count);
        Assert.Equal(18, links.Count);
        Assert.All(checks.Concat(links), s => Assert.Equal("1", s.Value));
        Assert.Equal(36, checks.Select(s => (s.Labels["rse"], s.Labels["protocol"], s.Labels["operation"])).Distinct().Count());
        Assert.Equal(18, links.Select(s => (s.Labels["src_rse"], s.Labels["dst_rse"], s.Labels["tpc_mode"])).Distinct().Count());

        using var http = new HttpClient();
        var scrape = Path.Combine(lake.Directory, "scrape.txt");
        await File.WriteAllTextAsync(scrape, await http.GetStringAsync(new Uri(run.Address, "metrics")));
        var lint = await RunAsync("sh", ["-c", """promtool check metrics < "$1" """, "sh", scrape], TimeSpan.FromSeconds(30));
        Assert.True(lint.ExitCode == 0 && lint.StandardOutput.Trim().Length == 0 && lint.StandardError.Trim().Length == 0, lint.ToString());
        var health = await http.GetStringAsync(new Uri(run.Address, "healthz"));
        Assert.Contains("\"status\":\"ok\"", health, StringComparison.Ordinal);

        Assert.Equal(0, await run.StopAsync());
        Assert.Contains("lakemon run: stopping", run.StandardError, StringComparison.Ordinal);
        // Every result of the cycle was stored (the store is lakemon.db next to the configuration) and every probe
        // cleaned up after itself.
        var export = await LakemonAsync("results", "export", "--config", config);
        Assert.True(export.ExitCode == 0, export.ToString());
        Assert.True(export.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length >= 36 * 2 + 18 * 2);
        Assert.Empty(LakeCampaign.ProbeFilesOnDisk(lake));
    }

    [Fact]
    public async Task Run_WithCanarySecretsInItsConfiguration_NoneAppearsInLogsMetricsOrStoredResults()
    {
        const string storageCanary = "canary-storage-token-5b1e77";
        const string ingestCanary = "canary-ingest-token-90c2aa";
        await using var lake = await RunningLake.StartAsync(2, "canary");
        var config = Path.Combine(lake.Directory, "canary.yaml");
        await File.WriteAllTextAsync(Path.Combine(lake.Directory, "canary.token"), storageCanary);
        // The storage bearer token rides on every WebDAV request; the ingest token guards the results API.
        var text = (await File.ReadAllTextAsync(Path.Combine(lake.Directory, "lakemon.yaml"))).TrimEnd() + "\n    token_file: ./canary.token\n";
        await File.WriteAllTextAsync(config, text + "schedules:\n  jitter: 0s\ncollector:\n  token_env: LAKEMON_CANARY_INGEST\n");
        var environment = new Dictionary<string, string> { ["LAKEMON_CANARY_INGEST"] = ingestCanary };

        await using var run = await LakemonNode.StartAsync(environment, "run", "--config", config, "--listen", "127.0.0.1:0");
        using var http = new HttpClient();
        var metricsUri = new Uri(run.Address, "metrics");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        string metrics;
        do
        {
            await Task.Delay(200);
            metrics = await http.GetStringAsync(metricsUri);
        }
        while (!metrics.Contains("lakemon_transfer_success{", StringComparison.Ordinal) && DateTime.UtcNow < deadline);
        using var wrongToken = new HttpRequestMessage(HttpMethod.Post, new Uri(run.Address, "api/v1/results")) { Content = new StringContent("[]") };
        wrongToken.Headers.TryAddWithoutValidation("Authorization", $"Bearer {storageCanary}");
        using var refused = await http.SendAsync(wrongToken);
        using var query = new HttpRequestMessage(HttpMethod.Get, new Uri(run.Address, "api/v1/results"));
        query.Headers.TryAddWithoutValidation("Authorization", $"Bearer {ingestCanary}");
        using var answered = await http.SendAsync(query);
        var stored = await answered.Content.ReadAsStringAsync();
        var refusal = await refused.Content.ReadAsStringAsync();
        Assert.Equal(0, await run.StopAsync());

        Assert.Contains("lakemon_transfer_success{", metrics, StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.True(stored.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length > 0, "no stored results to inspect");
        foreach (var (where, content) in new[] { ("stderr", run.StandardError), ("/metrics", metrics), ("stored results", stored), ("401 body", refusal) })
        {
            Assert.False(content.Contains(storageCanary, StringComparison.Ordinal), $"the storage token leaks into {where}");
            Assert.False(content.Contains(ingestCanary, StringComparison.Ordinal), $"the ingest token leaks into {where}");
        }
    }

    [Fact]
    public async Task Run_WithLogJson_LogsCampaignsAsJsonLinesWithTheirNamedValues()
    {
        await using var lake = await RunningLake.StartAsync(1, "logjson");
        var config = Path.Combine(lake.Directory, "json.yaml");
        await File.WriteAllTextAsync(config, await File.ReadAllTextAsync(Path.Combine(lake.Directory, "lakemon.yaml")) + "\nschedules:\n  jitter: 0s\n");

        await using var run = await LakemonNode.StartAsync(null, "run", "--config", config, "--log-json");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!run.StandardError.Contains("\"Family\":\"Storage\"", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
        Assert.Equal(0, await run.StopAsync());

        var line = run.StandardError.Split('\n').First(l => l.Contains("\"Family\":\"Storage\"", StringComparison.Ordinal));
        using var json = System.Text.Json.JsonDocument.Parse(line);
        var state = json.RootElement.GetProperty("State");
        Assert.Equal("Information", json.RootElement.GetProperty("LogLevel").GetString());
        Assert.StartsWith("20", state.GetProperty("RunId").GetString(), StringComparison.Ordinal);
        Assert.Equal(1 * 2 * 2 * 6, state.GetProperty("Results").GetInt32()); // 1 RSE × 2 doors × 2 sizes × 6 steps
    }
}
