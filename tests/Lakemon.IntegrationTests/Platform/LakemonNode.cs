using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Lakemon.IntegrationTests.Platform;

/// <summary>A long-running `lakemon run|collector|agent` process, started the way an operator starts it and stopped
/// with SIGTERM (by PID) on dispose; <see cref="Address"/> is read from its "listening on" line.</summary>
internal sealed partial class LakemonNode : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private LakemonNode(Process process)
    {
        _process = process;
    }

    public Uri Address { get; private set; } = new("http://invalid/");

    public string StandardError
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public static async Task<LakemonNode> StartAsync(IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "lakemon.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        var node = new LakemonNode(Process.Start(start)!);
        node._process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                node._listening.TrySetException(new InvalidOperationException($"lakemon exited before listening:\n{node.StandardError}"));
                return;
            }
            lock (node._stderr)
            {
                node._stderr.AppendLine(e.Data);
            }
            if (ListeningLine().Match(e.Data) is { Success: true } match)
            {
                node._listening.TrySetResult(new Uri(match.Groups[1].Value));
            }
        };
        node._process.OutputDataReceived += (_, _) => { };
        node._process.BeginErrorReadLine();
        node._process.BeginOutputReadLine();
        node.Address = await node._listening.Task.WaitAsync(TimeSpan.FromSeconds(90));
        return node;
    }

    /// <summary>SIGTERM, as systemd or Ctrl-C would; answers the exit code.</summary>
    public async Task<int> StopAsync()
    {
        if (!_process.HasExited)
        {
            _ = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await _process.WaitForExitAsync(timeout.Token);
        }
        return _process.ExitCode;
    }

    /// <summary>SIGKILL: no shutdown code runs, as in a crash.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }
        _process.Dispose();
    }

    [GeneratedRegex(@"listening on (\S+)")]
    private static partial Regex ListeningLine();
}
