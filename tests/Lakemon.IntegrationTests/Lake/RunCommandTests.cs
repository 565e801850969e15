using Lakemon.IntegrationTests.Support;
using static Lakemon.IntegrationTests.Support.ProcessRunner;

namespace Lakemon.IntegrationTests.Lake;

/// <summary>`lakemon run --once` on the embedded default: it brings the lake up, probes every door, and stops what it started.</summary>
public sealed class RunCommandTests
{
    [Fact]
    public async Task Run_WithoutConfig_StartsTheLakeProbesEveryDoorAndStopsTheLake()
    {
        var directory = TestDirectories.Create("run");
        try
        {
            // A lake on free ports first, so that the default port block is never needed by the suite; then stopped, so
            // that `run` is the one that starts it.
            await using (var lake = await RunningLake.StartAsync(2, "run-ports"))
            {
                await RunCheckedAsync("dotnet", Path.Combine(AppContext.BaseDirectory, "lakemon.dll"), "lake", "down", "--dir", lake.Directory);
                File.Copy(Path.Combine(lake.Directory, "lake.json"), Path.Combine(directory, "lake.json"));
            }

            var result = await LakemonAsync("run", "--once", "--dir", directory);

            Assert.True(result.ExitCode == 0, result.ToString());
            var lines = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            foreach (var rse in new[] { "LAKE-A", "LAKE-B" })
            {
                foreach (var protocol in new[] { "root", "https" })
                {
                    foreach (var step in new[] { "upload", "stat", "checksum", "read", "delete", "stat_deleted" })
                    {
                        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, $@"^{rse}\s+{protocol}\s+{step}\s+OK\s"));
                    }
                }
            }
            Assert.Contains("stopped the 2 server(s) this command started", result.StandardError, StringComparison.Ordinal);
            var status = await LakemonAsync("lake", "status", "--dir", directory, "--json");
            Assert.All(RunningLake.ParseStatus(status.StandardOutput), r => Assert.Null(r.Pid));
        }
        finally
        {
            await LakemonAsync("lake", "down", "--dir", directory, "--wipe");
        }
    }

    [Fact]
    public async Task Run_WithConfigNamingADeadEndpoint_ExitsOneAndNamesTheFailure()
    {
        await using var lake = await RunningLake.StartAsync(1, "run-dead");
        var config = Path.Combine(lake.Directory, "lakemon.yaml");
        // A second RSE whose https door points at a port nobody listens on.
        var dead = FreePorts.Next();
        var text = await File.ReadAllTextAsync(config);
        text = text.Replace("rses:\n", $"rses:\n  - name: DEAD-1\n    site: LOCAL-1\n    protocols:\n      - scheme: https\n        prefix: https://127.0.0.1:{dead}/lake\n", StringComparison.Ordinal);
        await File.WriteAllTextAsync(config, text);

        var result = await LakemonAsync("run", "--once", "--config", config);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Matches(@"DEAD-1\s+https\s+upload\s+CRITICAL", result.StandardOutput);
        Assert.Matches(@"LAKE-A\s+https\s+read\s+OK", result.StandardOutput);
    }

    [Fact]
    public async Task Run_WithInvalidConfig_ExitsTwoWithFileAndLine()
    {
        var directory = TestDirectories.Create("run-bad");
        var config = Path.Combine(directory, "bad.yaml");
        await File.WriteAllTextAsync(config, "sites:\n  - name: S\nrses:\n  - name: R\n    site: S\n    protocols:\n      - scheme: gopher\n        prefix: gopher://x/y\n");

        var result = await LakemonAsync("run", "--once", "--config", config);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{config}:7: rses[0].protocols[0].scheme:", result.StandardError, StringComparison.Ordinal);
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task LakeConfig_WrittenByLakeUp_ValidatesClean()
    {
        await using var lake = await RunningLake.StartAsync(2, "cfg");

        var result = await LakemonAsync("config", "validate", Path.Combine(lake.Directory, "lakemon.yaml"));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("valid (2 sites, 2 RSEs)", result.StandardError, StringComparison.Ordinal);
    }
}
