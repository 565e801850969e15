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

    private async Task<int> SocketThreadsWhileRunningAsync(string rehearsal, Dictionary<string, string?> environment)
    {
        // Only what the test sets: none of the runner's own socket settings leak in.
        environment.TryAdd(SocketEventLoop.InlineCompletionsVariable, null);
        environment.TryAdd(SocketEventLoop.ThreadCountVariable, null);
        // The first live line comes after uploads went through, so the sockets (and their event threads) exist.
        using var run = await LiveLoadRun.StartAsync(rehearsal, "uploads: ok", environment);
        try
        {
            // A thread starts with the name of the thread that created it and renames itself once it runs: a pool
            // worker that an event thread spawns is called ".NET Sockets" until then, which under load can be a
            // while. The event threads are the ones that keep the name across samples.
            var threads = SocketEventThreads(run.Process.Id);
            for (var sample = 0; sample < 4; sample++)
            {
                await Task.Delay(250);
                threads.IntersectWith(SocketEventThreads(run.Process.Id));
            }
            await run.WaitForExitAsync();
            Assert.True(run.Process.ExitCode == 0, $"load run failed: exit {run.Process.ExitCode}\n{run.StandardError}");
            return threads.Count;
        }
        finally
        {
            output.WriteLine(run.StandardError);
        }
    }

    private static HashSet<string> SocketEventThreads(int pid) =>
        Directory.GetDirectories($"/proc/{pid}/task").Where(IsSocketEventThread).Select(Path.GetFileName).OfType<string>().ToHashSet();

    private static bool IsSocketEventThread(string task)
    {
        try
        {
            return File.ReadAllText(Path.Combine(task, "comm")).Trim() == ".NET Sockets";
        }
        catch (Exception e) when (e is DirectoryNotFoundException or FileNotFoundException or IOException)
        {
            // A thread that ended between listing and reading (a pool worker retiring) is not an event thread.
            return false;
        }
    }
}
