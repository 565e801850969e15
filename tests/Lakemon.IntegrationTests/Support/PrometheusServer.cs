using System.Text.Json;

namespace Lakemon.IntegrationTests.Support;

/// <summary>One label set and value of an instant query.</summary>
public sealed record PrometheusSample(IReadOnlyDictionary<string, string> Labels, string Value);

/// <summary>
/// A real Prometheus server of the test's own: own config and data directory, a loopback port picked by the kernel,
/// one scrape job every second; stopped by its PID (SIGTERM, then SIGKILL). Never the packaged systemd service.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    private readonly ServerProcess _process;
    private readonly string _directory;
    private readonly HttpClient _http;

    private PrometheusServer(ServerProcess process, string directory, Uri address)
    {
        _process = process;
        _directory = directory;
        Address = address;
        _http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };
    }

    public Uri Address { get; }

    /// <summary>What the server logged so far, for failure messages.</summary>
    public string Log => _process.Log;

    /// <summary>Starts Prometheus scraping <paramref name="target"/> (host:port of a /metrics server) every second and
    /// evaluating <paramref name="ruleFiles"/> every second.</summary>
    public static async Task<PrometheusServer> StartAsync(Uri target, IReadOnlyList<string>? ruleFiles = null)
    {
        var directory = TestDirectories.Create("prometheus");
        var config = Path.Combine(directory, "prometheus.yml");
        var rules = ruleFiles is { Count: > 0 }
            ? "rule_files:\n" + string.Concat(ruleFiles.Select(f => $"  - \"{f}\"\n"))
            : "";
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
              evaluation_interval: 1s
            {rules}scrape_configs:
              - job_name: lakemon
                metrics_path: /metrics
                static_configs:
                  - targets: ["{target.Authority}"]
            """);
        var process = ServerProcess.Start("prometheus",
        [
            $"--config.file={config}", $"--storage.tsdb.path={Path.Combine(directory, "data")}",
            // Port 0: the kernel picks a free port, read back from the process's listening socket.
            "--web.listen-address=127.0.0.1:0",
        ]);
        PrometheusServer? server = null;
        try
        {
            var port = await process.ListeningPortAsync(TimeSpan.FromSeconds(20));
            server = new PrometheusServer(process, directory, new Uri($"http://127.0.0.1:{port}/"));
            await process.WaitUntilAnswersAsync(new Uri(server.Address, "-/ready"), TimeSpan.FromSeconds(20));
            return server;
        }
        catch
        {
            if (server is not null)
            {
                await server.DisposeAsync();
            }
            else
            {
                await process.DisposeAsync();
                Directory.Delete(directory, recursive: true);
            }
            throw;
        }
    }

    /// <summary>An instant query through the HTTP API (/api/v1/query).</summary>
    public async Task<IReadOnlyList<PrometheusSample>> QueryAsync(string promql)
    {
        var json = await _http.GetStringAsync($"api/v1/query?query={Uri.EscapeDataString(promql)}");
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.GetProperty("status").GetString() != "success")
        {
            throw new InvalidOperationException($"query {promql} failed: {json}");
        }
        return
        [
            .. root.GetProperty("data").GetProperty("result").EnumerateArray().Select(series => new PrometheusSample(
                series.GetProperty("metric").EnumerateObject().ToDictionary(label => label.Name, label => label.Value.GetString() ?? ""),
                series.GetProperty("value")[1].GetString() ?? "")),
        ];
    }

    /// <summary>Queries until <paramref name="done"/> holds (the first scrapes take a moment) or the time is up;
    /// answers the last result either way, for the test to assert on.</summary>
    public Task<IReadOnlyList<PrometheusSample>> QueryUntilAsync(string promql, Func<IReadOnlyList<PrometheusSample>, bool> done, TimeSpan timeout) =>
        Polling.UntilAsync(() => QueryAsync(promql), done, timeout);

    /// <summary>A range query (/api/v1/query_range) from <paramref name="start"/> to now: the series that had a sample at
    /// any step, by their labels.</summary>
    public async Task<IReadOnlyList<IReadOnlyDictionary<string, string>>> QueryRangeAsync(string promql, DateTimeOffset start, TimeSpan step)
    {
        var end = DateTimeOffset.UtcNow;
        var json = await _http.GetStringAsync(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"api/v1/query_range?query={Uri.EscapeDataString(promql)}&start={start.ToUnixTimeMilliseconds() / 1000.0}&end={end.ToUnixTimeMilliseconds() / 1000.0}&step={step.TotalSeconds}"));
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.GetProperty("status").GetString() != "success")
        {
            throw new InvalidOperationException($"query {promql} failed: {json}");
        }
        return
        [
            .. root.GetProperty("data").GetProperty("result").EnumerateArray().Select(series =>
                (IReadOnlyDictionary<string, string>)series.GetProperty("metric").EnumerateObject().ToDictionary(label => label.Name, label => label.Value.GetString() ?? "")),
        ];
    }

    /// <summary>The alerts Prometheus holds (/api/v1/alerts): name, state (pending, firing) and labels.</summary>
    public async Task<IReadOnlyList<(string Name, string State, IReadOnlyDictionary<string, string> Labels)>> AlertsAsync()
    {
        using var document = JsonDocument.Parse(await _http.GetStringAsync("api/v1/alerts"));
        return
        [
            .. document.RootElement.GetProperty("data").GetProperty("alerts").EnumerateArray().Select(alert =>
            {
                var labels = alert.GetProperty("labels").EnumerateObject().ToDictionary(label => label.Name, label => label.Value.GetString() ?? "");
                return (labels["alertname"], alert.GetProperty("state").GetString() ?? "", (IReadOnlyDictionary<string, string>)labels);
            }),
        ];
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _process.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
