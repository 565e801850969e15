using System.Diagnostics;
using System.Text;

namespace Lakemon.IntegrationTests.Support;

/// <summary>
/// A `lakemon load run` process, started and watched until its live view reports the first scenario's calls (the
/// rehearsal is then writing, and its sockets exist). Killed on dispose if it is still running.
/// </summary>
public sealed class LiveLoadRun : IDisposable
{
    private readonly StringBuilder _stderr = new();

    private LiveLoadRun(Process process) => Process = process;

    public Process Process { get; }

    /// <summary>Everything the run wrote to stderr so far.</summary>
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

    /// <param name="liveText">A stderr text that shows the run is live, e.g. "uploads: ok".</param>
    public static async Task<LiveLoadRun> StartAsync(string rehearsal, string liveText, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = ProcessRunner.StartInfo("dotnet", [ProcessRunner.LakemonDll, "load", "run", rehearsal]);
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }
        var run = new LiveLoadRun(Process.Start(start)!);
        var live = new TaskCompletionSource();
        run.Process.ErrorDataReceived += (_, e) =>
        {
            lock (run._stderr)
            {
                run._stderr.AppendLine(e.Data);
            }
            if (e.Data?.Contains(liveText, StringComparison.Ordinal) == true)
            {
                live.TrySetResult();
            }
        };
        run.Process.OutputDataReceived += (_, _) => { };
        run.Process.BeginErrorReadLine();
        run.Process.BeginOutputReadLine();
        try
        {
            await live.Task.WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch
        {
            run.Dispose();
            throw;
        }
        return run;
    }

    public async Task WaitForExitAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await Process.WaitForExitAsync(timeout.Token);
    }

    public void Dispose()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
        }
        Process.Dispose();
    }
}
