using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Lakemon.Collector.Sinks.Influx;
using Lakemon.IntegrationTests.Platform;
using Lakemon.IntegrationTests.Support;
using Lakemon.Probes.Configuration;
using Lakemon.Probes.Results;
using Lakemon.Tests.Spooling;
using Xunit.Abstractions;

namespace Lakemon.IntegrationTests.Sinks;

/// <summary>
/// Issue 5's InfluxDB 1.x acceptance against a real Debian influxd 1.6: line protocol through <c>/write?db=</c> read
/// back with InfluxQL, and an outage of the server during which no point is lost.
/// </summary>
public sealed class InfluxSinkInfluxDb1Tests(ITestOutputHelper output) : IDisposable
{
    private const string Database = "lakemon";
    private readonly string _directory = TestDirectories.Create("influx-v1");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Collector_WithAnInfluxDb1Sink_IngestedResultsArriveWithTheirTags()
    {
        const string tokenVariable = "LAKEMON_TEST_INGEST_TOKEN";
        const string token = "influx-v1-ingest-token-77d0";
        await using var influx = await InfluxDbServer.StartAsync(Path.Combine(_directory, "influxdb"));
        await influx.CreateDatabaseAsync(Database);
        var rse = Path.Combine(_directory, "rse");
        Directory.CreateDirectory(rse);
        var config = Path.Combine(_directory, "collector.yaml");
        await File.WriteAllTextAsync(config,
            $"sites:\n  - name: S1\nrses:\n  - name: FILE-A\n    site: S1\n    protocols:\n      - scheme: file\n        prefix: file://{rse}\n"
            + $"collector:\n  token_env: {tokenVariable}\nstore:\n  sqlite:\n    path: ./collector.db\n"
            + $"sinks:\n  influxdb:\n    url: {influx.Address}\n    version: 1\n    database: {Database}\n");
        var results = InfluxTestResults.Make("v1", 300, DateTimeOffset.UtcNow.AddHours(-1));

        await using var collector = await LakemonNode.StartAsync(new Dictionary<string, string> { [tokenVariable] = token },
            "collector", "--config", config, "--listen", "127.0.0.1:0");
        using var http = new HttpClient();
        foreach (var batch in results.Chunk(100))
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(collector.Address, "api/v1/results"))
            {
                Content = new StringContent("[" + string.Join(",", batch.Select(ProbeResultJson.Serialize)) + "]", Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await http.SendAsync(request);
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }

        await WaitForPointsAsync(influx, results.Count, TimeSpan.FromSeconds(20));
        // Per measurement and tag set, InfluxDB must count as many points as there are results.
        var expected = results.Select(InfluxTestResults.Expected)
            .GroupBy(e => (e.Measurement, Key(e.Tags)))
            .ToDictionary(g => g.Key, g => g.Count());
        var actual = new Dictionary<(string, string), int>();
        foreach (var measurement in new[] { "lakemon_probe", "lakemon_transfer" })
        {
            foreach (var series in await influx.SeriesAsync(Database, $"SELECT count(*) FROM {measurement} GROUP BY *"))
            {
                var tags = series.GetProperty("tags").EnumerateObject()
                    .Where(t => t.Value.GetString() is { Length: > 0 })
                    .ToDictionary(t => t.Name, t => t.Value.GetString()!, StringComparer.Ordinal);
                actual[(measurement, Key(tags))] = CountOf(series, "count_duration_seconds");
            }
        }
        Assert.Equal(expected.OrderBy(e => e.Key), actual.OrderBy(a => a.Key));
        Assert.Equal(0, await collector.StopAsync());
    }

    [Fact]
    public async Task Sink_InfluxDbDownForAWhile_EveryResultArrivesOnceItIsBack()
    {
        var data = Path.Combine(_directory, "influxdb");
        var influx = await InfluxDbServer.StartAsync(data);
        var port = influx.Port;
        var logger = new RecordingLogger();
        var results = InfluxTestResults.Make("outage", 500, DateTimeOffset.UtcNow.AddHours(-1));
        try
        {
            await influx.CreateDatabaseAsync(Database);
            var options = new InfluxDbSinkOptions(influx.Address, 1, null, null, null, Database) { SpoolDirectory = Path.Combine(_directory, "spool") };
            using var sink = InfluxSink.Create(options, null, logger);
            await sink.StartAsync(CancellationToken.None);

            sink.Append(results[..100]);
            await WaitForPointsAsync(influx, 100, TimeSpan.FromSeconds(10));

            await influx.DisposeAsync();
            foreach (var batch in results[100..].Chunk(100))
            {
                sink.Append(batch);
            }
            await WaitUntilAsync(() => sink.LastError is not null, TimeSpan.FromSeconds(10));
            Assert.True(sink.SpooledBytes > 0);
            output.WriteLine($"down: {sink.LastError}; {sink.SpooledBytes} bytes spooled");

            influx = await InfluxDbServer.StartAsync(data, port);
            await WaitUntilAsync(() => sink.SpooledBytes == 0, TimeSpan.FromSeconds(20));
            await sink.StopAsync(CancellationToken.None);

            // Points with the same measurement, tags and time overwrite each other, so the count is of distinct
            // points: a lost point or a stray one would both change it.
            Assert.Equal(results.Count, await PointsAsync(influx));
            Assert.Null(sink.LastError);
            Assert.Contains(logger.Lines, line => line.Message.Contains("cannot deliver", StringComparison.Ordinal));
            Assert.Contains(logger.Lines, line => line.Message.Contains("the receiver answers again", StringComparison.Ordinal));
        }
        finally
        {
            await influx.DisposeAsync();
        }
    }

    private static async Task WaitForPointsAsync(InfluxDbServer influx, int count, TimeSpan timeout) =>
        await WaitUntilAsync(async () => await PointsAsync(influx) >= count, timeout, async () => $"{await PointsAsync(influx)} of {count} points\n{influx.Log}");

    private static async Task<int> PointsAsync(InfluxDbServer influx)
    {
        var total = 0;
        foreach (var measurement in new[] { "lakemon_probe", "lakemon_transfer" })
        {
            foreach (var series in await influx.SeriesAsync(Database, $"SELECT count(duration_seconds) FROM {measurement}"))
            {
                total += CountOf(series, "count");
            }
        }
        return total;
    }

    private static int CountOf(JsonElement series, string column)
    {
        var columns = series.GetProperty("columns").EnumerateArray().Select(c => c.GetString()).ToList();
        return series.GetProperty("values")[0][columns.IndexOf(column)].GetInt32();
    }

    private static string Key(IReadOnlyDictionary<string, string> tags) =>
        string.Join(",", tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Key}={t.Value}")));

    private static Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout) =>
        WaitUntilAsync(() => Task.FromResult(condition()), timeout, () => Task.FromResult(""));

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<Task<string>> describe)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"condition not met within {timeout}: {await describe()}");
            }
            await Task.Delay(100);
        }
    }
}
