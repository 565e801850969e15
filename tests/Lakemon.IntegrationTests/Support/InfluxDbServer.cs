using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Lakemon.IntegrationTests.Support;

/// <summary>
/// A real InfluxDB 1.x (Debian's influxdb, 1.6) of the test's own: a config with its own meta, data and WAL directories
/// under a directory the test owns, both listeners on loopback, no usage reporting; stopped by its PID. Started again
/// on the same directory and port it keeps its data, which is what an outage test needs.
/// </summary>
public sealed partial class InfluxDbServer : IAsyncDisposable
{
    private readonly ServerProcess _process;
    private readonly HttpClient _http;

    private InfluxDbServer(ServerProcess process, Uri address)
    {
        _process = process;
        Address = address;
        _http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };
    }

    public Uri Address { get; }

    public int Port => Address.Port;

    public string Log => _process.Log;

    /// <param name="directory">Holds the config and the data; the caller deletes it.</param>
    /// <param name="httpPort">0 for a port picked by the kernel (influxd logs the one it got); a restart passes the old one.</param>
    public static async Task<InfluxDbServer> StartAsync(string directory, int httpPort = 0)
    {
        await TestPackages.EnsureInstalledAsync("influxd");
        Directory.CreateDirectory(directory);
        var config = Path.Combine(directory, "influxdb.conf");
        await File.WriteAllTextAsync(config, $"""
            reporting-disabled = true
            # The RPC service (backup/restore); unused, but it must not take the packaged default 8088.
            bind-address = "127.0.0.1:0"
            [meta]
              dir = "{Path.Combine(directory, "meta")}"
            [data]
              dir = "{Path.Combine(directory, "data")}"
              wal-dir = "{Path.Combine(directory, "wal")}"
              query-log-enabled = false
            [http]
              bind-address = "127.0.0.1:{httpPort}"
              log-enabled = false
            [monitor]
              store-enabled = false
            """);
        var process = ServerProcess.Start("influxd", ["run", "-config", config]);
        try
        {
            var listening = await process.WaitForLogAsync(ListeningOnHttp(), TimeSpan.FromSeconds(30));
            var address = new Uri($"http://127.0.0.1:{int.Parse(listening.Groups[1].Value, CultureInfo.InvariantCulture)}/");
            await process.WaitUntilAnswersAsync(new Uri(address, "ping"), TimeSpan.FromSeconds(20));
            return new InfluxDbServer(process, address);
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    public Task CreateDatabaseAsync(string name) => QueryAsync(null, $"CREATE DATABASE \"{name}\"", HttpMethod.Post);

    /// <summary>The rows of the first series of an InfluxQL query's first statement, or none when it has no series.</summary>
    public async Task<IReadOnlyList<JsonElement>> SeriesAsync(string database, string influxql)
    {
        using var document = await QueryAsync(database, influxql, HttpMethod.Get);
        var result = document.RootElement.GetProperty("results")[0];
        return result.TryGetProperty("series", out var series) ? [.. series.EnumerateArray().Select(s => s.Clone())] : [];
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _process.DisposeAsync();
    }

    private async Task<JsonDocument> QueryAsync(string? database, string influxql, HttpMethod method)
    {
        var query = $"query?q={Uri.EscapeDataString(influxql)}" + (database is null ? "" : $"&db={Uri.EscapeDataString(database)}");
        using var request = new HttpRequestMessage(method, query);
        using var response = await _http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        var document = JsonDocument.Parse(body);
        var results = document.RootElement.TryGetProperty("results", out var r) ? r : default;
        if (!response.IsSuccessStatusCode || document.RootElement.TryGetProperty("error", out _)
            || (results.ValueKind == JsonValueKind.Array && results[0].TryGetProperty("error", out _)))
        {
            document.Dispose();
            throw new InvalidOperationException($"{influxql} answered {(int)response.StatusCode}: {body}");
        }
        return document;
    }

    // ts=... lvl=info msg="Listening on HTTP" ... addr=127.0.0.1:37853 https=false
    [GeneratedRegex(@"msg=""Listening on HTTP"".*?addr=127\.0\.0\.1:(\d+)")]
    private static partial Regex ListeningOnHttp();
}
