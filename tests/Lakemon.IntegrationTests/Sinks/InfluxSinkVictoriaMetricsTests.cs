using System.Text;
using Lakemon.IntegrationTests.Platform;
using Lakemon.IntegrationTests.Support;
using Lakemon.Probes.Results;
using Xunit.Abstractions;
using static Lakemon.IntegrationTests.Support.ProcessRunner;

namespace Lakemon.IntegrationTests.Sinks;

/// <summary>
/// Issue 5's InfluxDB 2 acceptance: `lakemon run` with <c>sinks.influxdb</c> version 2 writes through InfluxDB.Client
/// into a real VictoriaMetrics (/api/v2/write; it accepts any org, bucket and token), and every stored result is found
/// there again with its tags and its start time.
/// </summary>
public sealed class InfluxSinkVictoriaMetricsTests(ITestOutputHelper output)
{
    private const string TokenVariable = "LAKEMON_TEST_INFLUX_V2_TOKEN";
    private const string Token = "influx-v2-test-token-5c1f0e9a";
    private const string DurationSeries = """{__name__=~"lakemon_(probe|transfer)_duration_seconds"}""";

    [Fact]
    public async Task Run_WithAnInfluxDb2Sink_EveryStoredResultArrivesInVictoriaMetricsWithItsTags()
    {
        await using var victoria = await VictoriaMetricsServer.StartAsync();
        var directory = TestDirectories.Create("influx-v2");
        var config = Path.Combine(directory, "lakemon.yaml");
        var yaml = new StringBuilder("sites:\n  - name: S1\n  - name: S2\nrses:\n");
        foreach (var (rse, site) in new[] { ("FILE-A", "S1"), ("FILE-B", "S2") })
        {
            Directory.CreateDirectory(Path.Combine(directory, rse));
            yaml.Append($"  - name: {rse}\n    site: {site}\n    protocols:\n      - scheme: file\n        prefix: file://{directory}/{rse}\n");
        }
        yaml.Append("schedules:\n  jitter: 0s\nstore:\n  sqlite:\n    path: ./lakemon.db\n");
        yaml.Append($"sinks:\n  influxdb:\n    url: {victoria.Address}\n    version: 2\n    org: lake\n    bucket: lakemon\n    token_env: {TokenVariable}\n    spool: ./influx-spool\n");
        await File.WriteAllTextAsync(config, yaml.ToString());

        string log;
        await using (var run = await LakemonNode.StartAsync(new Dictionary<string, string> { [TokenVariable] = Token }, "run", "--config", config, "--listen", "127.0.0.1:0"))
        {
            // The first cycle: 2 RSEs × 6 lifecycle operations (and whatever transfers the file protocol allows).
            await victoria.ExportUntilAsync(DurationSeries, series => Samples(series) >= 12, TimeSpan.FromSeconds(30));
            Assert.Equal(0, await run.StopAsync());
            log = run.StandardError;
        }

        var stored = await StoredResultsAsync(config);
        var series = await victoria.ExportUntilAsync(DurationSeries, s => Samples(s) >= stored.Count, TimeSpan.FromSeconds(10));
        output.WriteLine($"{stored.Count} results stored, {Samples(series)} samples in VictoriaMetrics");
        Assert.True(stored.Count >= 12, $"only {stored.Count} results stored");
        Assert.Equal(stored.Count, Samples(series));
        foreach (var result in stored)
        {
            var (measurement, tags) = InfluxTestResults.Expected(result);
            var labels = new Dictionary<string, string>(tags, StringComparer.Ordinal) { ["__name__"] = measurement + "_duration_seconds" };
            var match = series.Where(s => s.Labels.Count == labels.Count && labels.All(l => s.Labels.GetValueOrDefault(l.Key) == l.Value)).ToList();
            Assert.True(match.Count == 1, $"no series {string.Join(",", labels)} for {result.Id}");
            Assert.Contains(result.StartedAt.ToUnixTimeMilliseconds(), match[0].Timestamps);
        }
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(directory, "influx-spool"), "*.lp"));
        Assert.DoesNotContain(Token, log, StringComparison.Ordinal);
        Directory.Delete(directory, recursive: true);
    }

    private static int Samples(IReadOnlyList<ExportedSeries> series) => series.Sum(s => s.Timestamps.Count);

    private static async Task<List<ProbeResult>> StoredResultsAsync(string config)
    {
        var export = await LakemonAsync("results", "export", "--config", config);
        Assert.True(export.ExitCode == 0, export.ToString());
        return
        [
            .. export.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => ProbeResultJson.TryParse(line, out var result, out var error) ? result : throw new InvalidOperationException(error)),
        ];
    }
}
