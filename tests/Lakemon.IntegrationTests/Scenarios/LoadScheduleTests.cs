using System.Globalization;
using System.Text.Json;
using Lakemon.IntegrationTests.Platform;
using Lakemon.IntegrationTests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Lakemon.IntegrationTests.Scenarios;

/// <summary>Issue 9's acceptance: the probe schedule keeps firing while a rehearsal saturates the lake — every minute
/// of a per-minute storage schedule has its campaign, and the scheduler logs no misfire.</summary>
public sealed class LoadScheduleTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Run_WhileALoadScenarioSaturatesTheLake_EveryScheduledMinuteFiresAndNoMisfireIsLogged()
    {
        await using var lake = await RunningLake.StartAsync(2, "load-schedule");
        var lakeConfig = await File.ReadAllTextAsync(Path.Combine(lake.Directory, "lakemon.yaml"));
        var config = Path.Combine(lake.Directory, "scheduled.yaml");
        // Storage campaigns every minute; TPC and janitor out of the way (once a year).
        await File.WriteAllTextAsync(config, lakeConfig + "\nschedules:\n  storage: \"* * * * *\"\n  tpc: \"0 0 1 1 *\"\n  janitor: \"0 0 1 1 *\"\n  jitter: 0s\n");
        var rehearsal = Path.Combine(lake.Directory, "storm.yaml");
        await File.WriteAllTextAsync(rehearsal, """
            config: lakemon.yaml
            report_interval: 5s
            scenarios:
              - name: uploads
                type: upload-storm
                protocol: https
                copies: 8
                file_size: 256KiB
                duration: 150s
              - name: reads
                type: read-storm
                protocol: root
                copies: 8
                files: 4
                file_size: 1MiB
                duration: 150s
            """);

        await using var run = await LakemonNode.StartAsync(null, "run", "--config", config, "--listen", "127.0.0.1:0", "--log-json");
        var load = ProcessRunner.RunAsync("dotnet", [ProcessRunner.LakemonDll, "load", "run", rehearsal], TimeSpan.FromMinutes(5));
        var loadResult = await load;
        Assert.Equal(0, await run.StopAsync());
        output.WriteLine(loadResult.StandardError.Split('\n').LastOrDefault(l => l.Length > 0) ?? "");

        Assert.True(loadResult.ExitCode == 0, loadResult.ToString());
        Assert.Contains("| uploads | (all) |", loadResult.StandardOutput, StringComparison.Ordinal);
        var campaigns = run.StandardError.Split('\n')
            .Where(l => l.Contains("\"Family\":\"Storage\"", StringComparison.Ordinal))
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("State").GetProperty("RunId").GetString()!)
            .Select(id => DateTime.ParseExact(id[..16], "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal))
            .ToList();
        output.WriteLine(string.Join(", ", campaigns.Select(c => c.ToString("HH:mm:ss", CultureInfo.InvariantCulture))));
        // The 150 s of load span at least two whole minutes after the start-up campaign: each has its campaign.
        var minutes = campaigns.Select(c => new DateTime(c.Year, c.Month, c.Day, c.Hour, c.Minute, 0, DateTimeKind.Utc)).Distinct().Order().ToList();
        Assert.True(minutes.Count >= 3, $"only {minutes.Count} storage campaign minute(s): {string.Join(", ", minutes)}");
        Assert.All(minutes.Zip(minutes.Skip(1)), pair => Assert.Equal(TimeSpan.FromMinutes(1), pair.Second - pair.First));
        Assert.DoesNotContain("misfire", run.StandardError, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("missed their scheduled fire-time", run.StandardError, StringComparison.OrdinalIgnoreCase);
    }
}
