using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Lakemon.Lake;

namespace Lakemon.IntegrationTests.Support;

/// <summary>One label set and value of an instant query.</summary>
public sealed record PrometheusSample(IReadOnlyDictionary<string, string> Labels, string Value);

/// <summary>
/// A real Prometheus server of the test's own: own config and data directory, a loopback port picked by the kernel,
/// one scrape job every second; stopped by its PID (SIGTERM, then SIGKILL). Never the packaged systemd service.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;
    private readonly StringBuilder _log;
    private readonly HttpClient _http;

    private PrometheusServer(Process process, string directory, StringBuilder log, Uri address)
    {
        _process = process;
        _directory = directory;
        _log = log;
        Address = address;
        _http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };
    }

    public Uri Address { get; }

    /// <summary>What the server logged so far, for failure messages.</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>Starts Prometheus scraping <paramref name="target"/> (host:port of a /metrics server) every second.</summary>
    public static async Task<PrometheusServer> StartAsync(Uri target)
    {
        var directory = TestDirectories.Create("prometheus");
        var config = Path.Combine(directory, "prometheus.yml");
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
            scrape_configs:
              - job_name: lakemon
                metrics_path: /metrics
                static_configs:
                  - targets: ["{target.Authority}"]
            """);
        var start = new ProcessStartInfo("prometheus")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     $"--config.file={config}", $"--storage.tsdb.path={Path.Combine(directory, "data")}",
                     // Port 0: the kernel picks a free port, read back from the process's listening socket below.
                     "--web.listen-address=127.0.0.1:0",
                 })
        {
            start.ArgumentList.Add(argument);
        }
        var log = new StringBuilder();
        var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start prometheus");
        void Append(object sender, DataReceivedEventArgs line)
        {
            lock (log)
            {
                log.AppendLine(line.Data);
            }
        }
        process.OutputDataReceived += Append;
        process.ErrorDataReceived += Append;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        PrometheusServer? server = null;
        try
        {
            var port = await ListeningPortAsync(process, TimeSpan.FromSeconds(20), log);
            server = new PrometheusServer(process, directory, log, new Uri($"http://127.0.0.1:{port}/"));
            await server.WaitUntilReadyAsync(TimeSpan.FromSeconds(20));
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
                await StopAsync(process, directory);
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
    public async Task<IReadOnlyList<PrometheusSample>> QueryUntilAsync(string promql, Func<IReadOnlyList<PrometheusSample>, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var samples = await QueryAsync(promql);
            if (done(samples) || DateTime.UtcNow > deadline)
            {
                return samples;
            }
            await Task.Delay(200);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await StopAsync(_process, _directory);
    }

    private static async Task StopAsync(Process process, string directory)
    {
        await UnixProcess.StopAsync(process.Id, TimeSpan.FromSeconds(10), CancellationToken.None);
        process.Dispose();
        Directory.Delete(directory, recursive: true);
    }

    private async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                using var response = await _http.GetAsync("-/ready");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"prometheus at {Address} not ready after {timeout}:\n{Log}");
            }
            await Task.Delay(100);
        }
    }

    /// <summary>The TCP port a process listens on: its socket inodes (/proc/PID/fd) matched against the LISTEN
    /// entries of /proc/PID/net/tcp.</summary>
    private static async Task<int> ListeningPortAsync(Process process, TimeSpan timeout, StringBuilder log)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                break;
            }
            try
            {
                var inodes = Directory.EnumerateFiles($"/proc/{process.Id}/fd")
                    .Select(fd => new FileInfo(fd).LinkTarget)
                    .OfType<string>()
                    .Where(target => target.StartsWith("socket:[", StringComparison.Ordinal))
                    .Select(target => target["socket:[".Length..^1])
                    .ToHashSet(StringComparer.Ordinal);
                foreach (var line in File.ReadLines($"/proc/{process.Id}/net/tcp").Skip(1))
                {
                    // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
                    var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    if (fields.Length > 9 && fields[3] == "0A" && inodes.Contains(fields[9]))
                    {
                        return int.Parse(fields[1][(fields[1].IndexOf(':', StringComparison.Ordinal) + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                    }
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // An fd closed while we read the directory; look again.
            }
            await Task.Delay(50);
        }
        string output;
        lock (log)
        {
            output = log.ToString();
        }
        throw new TimeoutException($"prometheus (pid {process.Id}, exited: {process.HasExited}) did not listen within {timeout}:\n{output}");
    }
}
