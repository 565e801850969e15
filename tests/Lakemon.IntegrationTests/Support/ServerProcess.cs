using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Lakemon.Lake;

namespace Lakemon.IntegrationTests.Support;

/// <summary>
/// A server binary that a test starts itself (prometheus, victoria-metrics, influxd) with its own arguments: its
/// output is kept for failure messages, and it is stopped by its PID (SIGTERM, then SIGKILL). Never a packaged service.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private ServerProcess(Process process)
    {
        _process = process;
    }

    public int Id => _process.Id;

    /// <summary>What the server printed so far, for failure messages.</summary>
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

    public static ServerProcess Start(string file, IEnumerable<string> arguments)
    {
        var server = new ServerProcess(Process.Start(ProcessRunner.StartInfo(file, arguments)) ?? throw new InvalidOperationException($"cannot start {file}"));
        void Append(object sender, DataReceivedEventArgs line)
        {
            lock (server._log)
            {
                server._log.AppendLine(line.Data);
            }
        }
        server._process.OutputDataReceived += Append;
        server._process.ErrorDataReceived += Append;
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        return server;
    }

    /// <summary>The TCP port the process listens on: its socket inodes (/proc/PID/fd) matched against the LISTEN
    /// entries of /proc/PID/net/tcp. For servers told to listen on port 0 that do not print the port they got.</summary>
    public async Task<int> ListeningPortAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline && !_process.HasExited)
        {
            try
            {
                var inodes = Directory.EnumerateFiles($"/proc/{Id}/fd")
                    .Select(fd => new FileInfo(fd).LinkTarget)
                    .OfType<string>()
                    .Where(target => target.StartsWith("socket:[", StringComparison.Ordinal))
                    .Select(target => target["socket:[".Length..^1])
                    .ToHashSet(StringComparer.Ordinal);
                foreach (var line in File.ReadLines($"/proc/{Id}/net/tcp").Skip(1))
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
        throw new TimeoutException($"{_process.StartInfo.FileName} (pid {Id}, exited: {_process.HasExited}) did not listen within {timeout}:\n{Log}");
    }

    /// <summary>The first match of <paramref name="pattern"/> in the server's output, waiting for it to appear.</summary>
    public async Task<Match> WaitForLogAsync(Regex pattern, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline && !_process.HasExited)
        {
            if (pattern.Match(Log) is { Success: true } match)
            {
                return match;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"{_process.StartInfo.FileName} (pid {Id}, exited: {_process.HasExited}) did not log /{pattern}/ within {timeout}:\n{Log}");
    }

    /// <summary>Polls <paramref name="url"/> until it answers 2xx.</summary>
    public async Task WaitUntilAnswersAsync(Uri url, TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                using var response = await http.GetAsync(url);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }
            if (DateTime.UtcNow > deadline || _process.HasExited)
            {
                throw new TimeoutException($"{_process.StartInfo.FileName} at {url} not ready after {timeout}:\n{Log}");
            }
            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await UnixProcess.StopAsync(_process.Id, TimeSpan.FromSeconds(10), CancellationToken.None);
        _process.Dispose();
    }
}
