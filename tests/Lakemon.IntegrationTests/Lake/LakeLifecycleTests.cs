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
