using System.Diagnostics;
using System.Text.Json;
using System.Xml.Linq;
using Lakemon.IntegrationTests.Support;
using Xunit;
using Xunit.Abstractions;
using static Lakemon.IntegrationTests.Support.ProcessRunner;

namespace Lakemon.IntegrationTests.Campaigns;

/// <summary>`lakemon probe` as CI runs it: a separate process, exit codes, and the JSON/JUnit/Markdown reports.</summary>
public sealed class ProbeCommandTests(ITestOutputHelper output)
{
    // DESIGN.md §2, read here independently of the product's serializer.
    private static readonly HashSet<string> ContractFields =
    [
        "id", "run_id", "kind", "operation", "rse", "site", "src_rse", "dst_rse", "src_site", "dst_site", "protocol",
        "tpc_mode", "size_bytes", "started_at", "duration_seconds", "phases", "bytes", "throughput_bytes_per_second",
        "status", "failure_kind", "message", "checksum_expected", "checksum_actual",
    ];

    [Fact]
    public async Task Probe_HealthyLakeOfThree_AllOkAsManyResultsAsPlannedAndEveryReportWritten()
    {
        await using var lake = await RunningLake.StartAsync(3, "probe-ok");
        var json = Path.Combine(lake.Directory, "results.jsonl");
        var junit = Path.Combine(lake.Directory, "junit.xml");
        var markdown = Path.Combine(lake.Directory, "summary.md");
        var clock = Stopwatch.StartNew();

        var result = await LakemonAsync("probe", "--config", Path.Combine(lake.Directory, "lakemon.yaml"), "--kind", "nightly",
            "--json", json, "--junit", junit, "--markdown", markdown);

        output.WriteLine($"campaign wall time (process): {clock.Elapsed.TotalSeconds:0.00} s");
        output.WriteLine(result.StandardError.Split('\n').LastOrDefault(l => l.Contains("results in", StringComparison.Ordinal)) ?? "");
        Assert.True(result.ExitCode == 0, result.ToString());
        // 3 RSEs × 2 doors (root, https) × 2 sizes × 6 lifecycle steps + 3·2 ordered links × 3 modes × 2 sizes.
        const int expected = (3 * 2 * 2 * 6) + (3 * 2 * 3 * 2);
        var lines = await File.ReadAllLinesAsync(json);
        Assert.Equal(expected, lines.Length);
        var runIds = new HashSet<string>();
        foreach (var line in lines)
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            Assert.All(root.EnumerateObject(), p => Assert.Contains(p.Name, ContractFields));
            Assert.Equal("OK", root.GetProperty("status").GetString());
            Assert.Equal("nightly", root.GetProperty("kind").GetString());
            Assert.False(root.TryGetProperty("failure_kind", out _));
            runIds.Add(root.GetProperty("run_id").GetString()!);
        }
        Assert.Single(runIds);
        Assert.Equal(36, lines.Count(l => l.Contains("\"operation\":\"tpc\"", StringComparison.Ordinal)));

        var suites = XDocument.Load(junit).Root!;
        Assert.Equal(expected.ToString(System.Globalization.CultureInfo.InvariantCulture), suites.Attribute("tests")!.Value);
        Assert.Equal("0", suites.Attribute("failures")!.Value);
        Assert.Equal(3 + 6, suites.Elements("testsuite").Count());

        var summary = await File.ReadAllTextAsync(markdown);
        Assert.Contains("| LAKE-A (LOCAL-1) | OK | OK |", summary, StringComparison.Ordinal);
        Assert.Contains("108 OK · 0 WARNING · 0 CRITICAL · 0 UNKNOWN", summary, StringComparison.Ordinal);
        Assert.Empty(LakeCampaign.ProbeFilesOnDisk(lake));
    }

    [Fact]
    public async Task Probe_ServerKilled_ExitOneAndJUnitFailuresNameTheKind()
    {
        await using var lake = await RunningLake.StartAsync(2, "probe-bad");
        using (var server = Process.GetProcessById(lake.Rses[1].Pid!.Value))
        {
            server.Kill();
            await server.WaitForExitAsync();
        }
        var junit = Path.Combine(lake.Directory, "junit.xml");

        var result = await LakemonAsync("probe", "--config", Path.Combine(lake.Directory, "lakemon.yaml"), "--junit", junit,
            "--only", "tpc_mode=root", "--json", "-");

        Assert.True(result.ExitCode == 1, result.ToString());
        var failures = XDocument.Load(junit).Descendants("failure").ToList();
        Assert.Equal(4, failures.Count); // 2 links × 2 sizes, all through the dead server
        Assert.All(failures, f =>
        {
            Assert.Equal("connect", f.Attribute("type")!.Value);
            Assert.StartsWith("connect: ", f.Attribute("message")!.Value, StringComparison.Ordinal);
        });
        // --json - puts the results on stdout, one object per line.
        Assert.Equal(4, result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task Probe_PlanOnly_ListsEveryCheckAndTouchesNothing()
    {
        await using var lake = await RunningLake.StartAsync(3, "probe-plan");

        var result = await LakemonAsync("probe", "--config", Path.Combine(lake.Directory, "lakemon.yaml"), "--plan", "--only", "rse=LAKE-C");

        Assert.True(result.ExitCode == 0, result.ToString());
        var checks = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // LAKE-C: 2 doors × 2 sizes storage checks; links to and from it: 2 partners × 2 directions × 3 modes × 2 sizes.
        Assert.Equal((2 * 2) + (2 * 2 * 3 * 2), checks.Length);
        Assert.All(checks, c => Assert.Contains("LAKE-C", c, StringComparison.Ordinal));
        Assert.False(Directory.Exists(lake.Rses[2].OnDisk("/lakemon-probes")));
    }

    [Fact]
    public async Task Probe_UnknownRseOrInvalidConfig_ExitTwoWithTheReason()
    {
        await using var lake = await RunningLake.StartAsync(1, "probe-usage");
        var config = Path.Combine(lake.Directory, "lakemon.yaml");
        var broken = Path.Combine(lake.Directory, "broken.yaml");
        await File.WriteAllTextAsync(broken, "rses:\n  - name: X\n    site: S\n    protocols: []\n    colour: red\n");

        var unknownRse = await LakemonAsync("probe", "--config", config, "--only", "rse=LAKE-Z");
        var invalid = await LakemonAsync("probe", "--config", broken);

        Assert.True(unknownRse.ExitCode == 2, unknownRse.ToString());
        Assert.Contains("--only rse=LAKE-Z: no such RSE in the configuration (known: LAKE-A)", unknownRse.StandardError, StringComparison.Ordinal);
        Assert.True(invalid.ExitCode == 2, invalid.ToString());
        Assert.Contains($"{broken}:5:", invalid.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Probe_KilledFiveTimesMidCampaign_OneJanitorPassLeavesNoProbeFile()
    {
        await using var lake = await RunningLake.StartAsync(2, "probe-kill");
        // Larger files keep the campaign busy long enough to be killed half-way through writing them.
        var config = Path.Combine(lake.Directory, "kill.yaml");
        var text = await File.ReadAllTextAsync(Path.Combine(lake.Directory, "lakemon.yaml"));
        await File.WriteAllTextAsync(config, text + "\nprobes:\n  sizes: [1MiB, 48MiB]\n");
        var leftovers = 0;
        for (var round = 0; round < 5; round++)
        {
            var json = Path.Combine(lake.Directory, $"kill-{round}.jsonl");
            var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "lakemon.dll"), "probe", "--config", config, "--json", json })
            {
                start.ArgumentList.Add(argument);
            }
            using var campaign = Process.Start(start)!;
            _ = campaign.StandardError.ReadToEndAsync();
            _ = campaign.StandardOutput.ReadToEndAsync();
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            while (DateTime.UtcNow < deadline && !campaign.HasExited && (!File.Exists(json) || (await File.ReadAllLinesAsync(json)).Length < 1 + round))
            {
                await Task.Delay(20);
            }
            Assert.False(campaign.HasExited, $"round {round}: the campaign ended before it could be killed");
            campaign.Kill(); // SIGKILL: no cleanup code runs
            await campaign.WaitForExitAsync();
            leftovers = Math.Max(leftovers, LakeCampaign.ProbeFilesOnDisk(lake).Count);
        }
        output.WriteLine($"probe files left behind by the killed campaigns: {leftovers}");
        Assert.True(leftovers > 0, "no kill left anything behind: the test proved nothing");

        var janitor = await LakemonAsync("janitor", "--config", config, "--older-than", "0s", "--json");

        Assert.True(janitor.ExitCode == 0, janitor.ToString());
        Assert.Empty(LakeCampaign.ProbeFilesOnDisk(lake));
    }
}
