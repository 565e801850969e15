using System.Text.Json;

namespace Lakemon.IntegrationTests.Support;

/// <summary>
/// A real VictoriaMetrics (Debian's victoria-metrics) of the test's own: own data directory, a loopback port picked by
/// the kernel, retention long enough for any test timestamp; stopped by its PID. It takes InfluxDB line protocol on
/// /api/v2/write and names each field's series <c>measurement_field</c>, with the tags as labels.
/// </summary>
public sealed class VictoriaMetricsServer : IAsyncDisposable
{
    private readonly ServerProcess _process;
    private readonly string _directory;
    private readonly HttpClient _http;

    private VictoriaMetricsServer(ServerProcess process, string directory, Uri address)
    {
        _process = process;
        _directory = directory;
        Address = address;
        _http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };
    }

    public Uri Address { get; }

    public string Log => _process.Log;

    public static async Task<VictoriaMetricsServer> StartAsync()
    {
        await TestPackages.EnsureInstalledAsync("victoria-metrics");
        var directory = TestDirectories.Create("victoria-metrics");
        var process = ServerProcess.Start("victoria-metrics",
        [
            $"-storageDataPath={Path.Combine(directory, "data")}",
            "-httpListenAddr=127.0.0.1:0",
            "-retentionPeriod=100y",
            "-loggerLevel=WARN",
        ]);
        try
        {
            var port = await process.ListeningPortAsync(TimeSpan.FromSeconds(20));
            var address = new Uri($"http://127.0.0.1:{port}/");
            await process.WaitUntilAnswersAsync(new Uri(address, "health"), TimeSpan.FromSeconds(20));
            return new VictoriaMetricsServer(process, directory, address);
        }
        catch
        {
            await process.DisposeAsync();
            Directory.Delete(directory, recursive: true);
            throw;
        }
    }

    /// <summary>Every raw sample of the series matching a selector (/api/v1/export), e.g. <c>{__name__=~"lakemon_.*"}</c>.</summary>
    public async Task<IReadOnlyList<ExportedSeries>> ExportAsync(string selector)
    {
        using var content = new FormUrlEncodedContent([new("match[]", selector)]);
        using var response = await _http.PostAsync("api/v1/export", content);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"export {selector} answered {(int)response.StatusCode}: {body}");
        }
        var series = new List<ExportedSeries>();
        foreach (var line in body.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            series.Add(new ExportedSeries(
                root.GetProperty("metric").EnumerateObject().ToDictionary(label => label.Name, label => label.Value.GetString() ?? "", StringComparer.Ordinal),
                [.. root.GetProperty("timestamps").EnumerateArray().Select(t => t.GetInt64())]));
        }
        return series;
    }

    /// <summary>Exports until <paramref name="done"/> holds (ingested rows become searchable within about a second) or
    /// the time is up; answers the last export either way, for the test to assert on.</summary>
    public Task<IReadOnlyList<ExportedSeries>> ExportUntilAsync(string selector, Func<IReadOnlyList<ExportedSeries>, bool> done, TimeSpan timeout) =>
        Polling.UntilAsync(() => ExportAsync(selector), done, timeout);

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _process.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
