using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Lakemon.IntegrationTests.Support;
using static Lakemon.IntegrationTests.Support.ProcessRunner;

namespace Lakemon.IntegrationTests.Lake;

/// <summary>`lake up/status/down` as a user drives them: each test owns its lake directory and ports.</summary>
public sealed class LakeLifecycleTests
{
    [Fact]
    public async Task Down_AfterUp_LeavesNoServerRunning_AndUpAgainWorks()
    {
        var lake = await RunningLake.StartAsync(2, "cycle");
        try
        {
            var pids = lake.Rses.Select(r => r.Pid!.Value).ToList();
            Assert.All(pids, pid => Assert.True(IsRunningXRootD(pid), $"pid {pid} should be a running xrootd"));

            var down = await LakemonAsync("lake", "down", "--dir", lake.Directory);
            Assert.True(down.ExitCode == 0, down.ToString());
            Assert.All(pids, pid => Assert.False(IsRunningXRootD(pid), $"pid {pid} still runs after lake down"));
            var stopped = await LakemonAsync("lake", "status", "--dir", lake.Directory, "--json");
            Assert.Equal(1, stopped.ExitCode);
            Assert.All(RunningLake.ParseStatus(stopped.StandardOutput), r => Assert.False(r.Healthy));

            var again = await LakemonAsync("lake", "up", "--dir", lake.Directory, "--json");
            Assert.True(again.ExitCode == 0, again.ToString());
            var restarted = RunningLake.ParseStatus(again.StandardOutput);
            Assert.All(restarted, r => Assert.True(r.Healthy));
            // Same ports as before: the state remembers them, so configs and URLs stay valid across restarts.
            Assert.Equal(lake.Rses.Select(r => r.Urls.Https), restarted.Select(r => r.Urls.Https));
        }
        finally
        {
            await lake.DisposeAsync();
        }
    }

    [Fact]
    public async Task Up_WhenAlreadyUp_IsIdempotentAndKeepsTheSameProcesses()
    {
        await using var lake = await RunningLake.StartAsync(2, "idem");

        var again = await LakemonAsync("lake", "up", "--dir", lake.Directory, "--json");

        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("already up", again.StandardError, StringComparison.Ordinal);
        Assert.Equal(lake.Rses.Select(r => r.Pid), RunningLake.ParseStatus(again.StandardOutput).Select(r => r.Pid));
    }

    [Fact]
    public async Task Status_Json_ListsEveryRseWithNameSitePidHealthAndUrls()
    {
        await using var lake = await RunningLake.StartAsync(3, "status");

        var status = await LakemonAsync("lake", "status", "--dir", lake.Directory, "--json");

        Assert.True(status.ExitCode == 0, status.ToString());
        var rses = RunningLake.ParseStatus(status.StandardOutput);
        Assert.Equal(["LAKE-A", "LAKE-B", "LAKE-C"], rses.Select(r => r.Name));
        Assert.Equal(["LOCAL-1", "LOCAL-2", "LOCAL-3"], rses.Select(r => r.Site));
        Assert.All(rses, r =>
        {
            Assert.True(r.Healthy);
            Assert.True(IsRunningXRootD(r.Pid!.Value));
            Assert.StartsWith("root://127.0.0.1:", r.Urls.Root, StringComparison.Ordinal);
            Assert.StartsWith("http://127.0.0.1:", r.Urls.Http, StringComparison.Ordinal);
            Assert.StartsWith("https://127.0.0.1:", r.Urls.Https, StringComparison.Ordinal);
        });
        Assert.Equal(3, rses.Select(r => r.Urls.Https).Distinct().Count());
    }

    [Fact]
    public async Task Status_AfterAServerDied_SaysItDied_AndUpRestartsOnlyThatServer()
    {
        await using var lake = await RunningLake.StartAsync(2, "died");
        var survivor = lake.Rses[0].Pid!.Value;
        var victim = lake.Rses[1].Pid!.Value;
        // What an xrootd 5.5 crash leaves behind (lake/XROOTD-5.5-CRASH.md): a recorded PID that no longer runs.
        await SignalAsync("KILL", victim);
        for (var i = 0; i < 100 && IsRunningXRootD(victim); i++)
        {
            await Task.Delay(50);
        }

        var json = await LakemonAsync("lake", "status", "--dir", lake.Directory, "--json");
        Assert.Equal(1, json.ExitCode);
        var rses = RunningLake.ParseStatus(json.StandardOutput);
        Assert.True(rses[0].Healthy && !rses[0].Died, json.ToString());
        Assert.True(!rses[1].Healthy && rses[1].Died && rses[1].Pid is null, json.ToString());
        var human = await LakemonAsync("lake", "status", "--dir", lake.Directory);
        Assert.Contains("DIED", human.StandardError, StringComparison.Ordinal);
        Assert.Contains("LAKE-B exited without `lakemon lake down`", human.StandardError, StringComparison.Ordinal);

        var up = await LakemonAsync("lake", "up", "--dir", lake.Directory, "--json");

        Assert.True(up.ExitCode == 0, up.ToString());
        Assert.Contains($"LAKE-B (pid {victim}) exited without `lake down`", up.StandardError, StringComparison.Ordinal);
        var after = RunningLake.ParseStatus(up.StandardOutput);
        Assert.All(after, r => Assert.True(r.Healthy && !r.Died, up.ToString()));
        Assert.Equal(survivor, after[0].Pid);
        Assert.NotEqual(victim, after[1].Pid);
        Assert.True(IsRunningXRootD(after[1].Pid!.Value));
        Assert.Equal(lake.Rses[1].Urls.Https, after[1].Urls.Https);
    }

    [Fact]
    public async Task Up_WhenAServerRunsButNoLongerAnswers_RestartsIt()
    {
        await using var lake = await RunningLake.StartAsync(1, "wedged");
        var wedged = lake.Rses[0].Pid!.Value;
        // A stopped process keeps its port but accepts nothing, like the 5.5 server that lost its accept thread.
        await SignalAsync("STOP", wedged);
        try
        {
            var up = await LakemonAsync("lake", "up", "--dir", lake.Directory, "--json");

            Assert.True(up.ExitCode == 0, up.ToString());
            Assert.Contains($"LAKE-A (pid {wedged}) runs but has not answered https", up.StandardError, StringComparison.Ordinal);
            var after = RunningLake.ParseStatus(up.StandardOutput);
            Assert.True(after[0].Healthy, up.ToString());
            Assert.NotEqual(wedged, after[0].Pid);
            Assert.False(IsRunningXRootD(wedged), "the wedged server should have been stopped");
        }
        finally
        {
            if (IsRunningXRootD(wedged))
            {
                await SignalAsync("KILL", wedged);
            }
        }
    }

    [Fact]
    public async Task Up_WhenAPortIsTaken_ExitsTwoNamingThePortAndItsHolder_AndStartsNothing()
    {
        var directory = TestDirectories.Create("taken");
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var port = ((IPEndPoint)squatter.LocalEndpoint).Port;
        try
        {
            // The squatter holds the second RSE's port (base + 1).
            var result = await LakemonAsync("lake", "up", "--dir", directory, "--rses", "2", "--base-port", (port - 1).ToString(System.Globalization.CultureInfo.InvariantCulture));

            Assert.Equal(2, result.ExitCode);
            Assert.Contains($"port {port} is already in use by pid {Environment.ProcessId}", result.StandardError, StringComparison.Ordinal);
            var status = await LakemonAsync("lake", "status", "--dir", directory, "--json");
            Assert.Equal("[]", status.StandardOutput.Trim());
        }
        finally
        {
            await LakemonAsync("lake", "down", "--dir", directory, "--wipe");
        }
    }

    [Fact]
    public async Task Up_WithAnotherSizeWhileRunning_ExitsTwoAndKeepsTheLake()
    {
        await using var lake = await RunningLake.StartAsync(1, "resize");

        var result = await LakemonAsync("lake", "up", "--dir", lake.Directory, "--rses", "2");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("lake down", result.StandardError, StringComparison.Ordinal);
        Assert.True(IsRunningXRootD(lake.Rses[0].Pid!.Value));
    }

    [Fact]
    public async Task Down_WhenARecordedPidNowBelongsToAnotherProcess_LeavesThatProcessAlone()
    {
        var lake = await RunningLake.StartAsync(1, "stranger");
        using var stranger = Process.Start(new ProcessStartInfo("sleep", "60") { UseShellExecute = false })!;
        try
        {
            await LakemonAsync("lake", "down", "--dir", lake.Directory);
            // Simulate PID reuse: the state now records a PID that is not our xrootd.
            var state = Path.Combine(lake.Directory, "lake.json");
            var text = await File.ReadAllTextAsync(state);
            await File.WriteAllTextAsync(state, text.Replace("\"pid\": null", $"\"pid\": {stranger.Id}", StringComparison.Ordinal));

            var result = await LakemonAsync("lake", "down", "--dir", lake.Directory);

            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.False(stranger.HasExited, "lake down killed a process it did not start");
        }
        finally
        {
            stranger.Kill();
            await lake.DisposeAsync();
        }
    }

    [Fact]
    public async Task DownWipe_RemovesTheLakeDirectory()
    {
        var lake = await RunningLake.StartAsync(1, "wipe");

        var result = await LakemonAsync("lake", "down", "--dir", lake.Directory, "--wipe");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.False(Directory.Exists(lake.Directory));
        Assert.False(IsRunningXRootD(lake.Rses[0].Pid!.Value));
    }

    private static async Task SignalAsync(string signal, int pid)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", [$"-{signal}", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]))!;
        await kill.WaitForExitAsync();
    }

    private static bool IsRunningXRootD(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..][0];
            return state != 'Z' && File.ReadAllText($"/proc/{pid}/cmdline").Contains("xrootd", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }
}
