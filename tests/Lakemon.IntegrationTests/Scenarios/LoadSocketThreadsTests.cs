using System.Diagnostics;
using System.Text;
using Lakemon.IntegrationTests.Support;
using Lakemon.Scenarios.Engine;
using Xunit;
using Xunit.Abstractions;

namespace Lakemon.IntegrationTests.Scenarios;

/// <summary>`lakemon load run` sets the runtime's socket settings in its own process before its first socket (the
/// runtime reads them only then): its event threads, visible in /proc, are half the processors unless the user chose.
/// The test claims 4 processors (DOTNET_PROCESSOR_COUNT), where the runtime's own default would be 1 event thread.</summary>
public sealed class LoadSocketThreadsTests(ITestOutputHelper output)
{
    [Fact]
    public async Task LoadRun_SocketSettingsUnsetOrSetByTheUser_EventThreadsAreHalfTheProcessorsOrTheUsersCount()
    {
        await using var lake = await RunningLake.StartAsync(2, "load-sockets");
        var rehearsal = Path.Combine(lake.Directory, "sockets.yaml");
        await File.WriteAllTextAsync(rehearsal, """
            config: lakemon.yaml
            report_interval: 1s
            scenarios:
              - name: uploads
                type: upload-storm
                protocol: https
                copies: 1
                file_size: 1KiB
                duration: 3s
            """);

        var unset = await SocketThreadsWhileRunningAsync(rehearsal, new() { ["DOTNET_PROCESSOR_COUNT"] = "4" });
        var chosen = await SocketThreadsWhileRunningAsync(rehearsal, new()
        {
            ["DOTNET_PROCESSOR_COUNT"] = "4",
            [SocketEventLoop.ThreadCountVariable] = "3",
        });

        Assert.Equal(2, unset);
        Assert.Equal(3, chosen);
    }

    private async Task<int> SocketThreadsWhileRunningAsync(string rehearsal, Dictionary<string, string> environment)
    {
        var start = ProcessRunner.StartInfo("dotnet", [ProcessRunner.LakemonDll, "load", "run", rehearsal]);
        start.Environment.Remove(SocketEventLoop.InlineCompletionsVariable);
        start.Environment.Remove(SocketEventLoop.ThreadCountVariable);
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start)!;
        var stderr = new StringBuilder();
        var live = new TaskCompletionSource();
        process.ErrorDataReceived += (_, e) =>
        {
            lock (stderr)
            {
                stderr.AppendLine(e.Data);
            }
            // The first live line comes after uploads went through, so the sockets (and their event threads) exist.
            if (e.Data?.Contains("uploads: ok", StringComparison.Ordinal) == true)
            {
                live.TrySetResult();
            }
        };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        try
        {
            await live.Task.WaitAsync(TimeSpan.FromSeconds(60));
            var threads = Directory.GetDirectories($"/proc/{process.Id}/task")
                .Count(task => File.ReadAllText(Path.Combine(task, "comm")).Trim() == ".NET Sockets");
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            await process.WaitForExitAsync(timeout.Token);
            Assert.True(process.ExitCode == 0, $"load run failed: exit {process.ExitCode}\n{stderr}");
            return threads;
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
            output.WriteLine(stderr.ToString());
        }
    }
}
