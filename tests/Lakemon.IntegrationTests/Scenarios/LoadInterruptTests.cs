using System.Globalization;
using Lakemon.IntegrationTests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Lakemon.IntegrationTests.Scenarios;

/// <summary>A rehearsal stopped with SIGTERM (systemd, Ctrl-C) in the middle of its load still deletes what it wrote.</summary>
public sealed class LoadInterruptTests(ITestOutputHelper output)
{
    [Fact]
    public async Task LoadRun_TerminatedMidRun_DeletesEverythingWrittenAndExits1()
    {
        await using var lake = await RunningLake.StartAsync(2, "load-term");
        const string runId = "20261129T000000Z-term01";
        var rehearsal = Path.Combine(lake.Directory, "term.yaml");
        await File.WriteAllTextAsync(rehearsal, $"""
            config: lakemon.yaml
            run_id: {runId}
            report_interval: 1s
            scenarios:
              - name: uploads
                type: upload-storm
                protocol: https
                copies: 2
                file_size: 16KiB
                duration: 5m
            """);
        using var run = await LiveLoadRun.StartAsync(rehearsal, "uploads: ok");
        var written = lake.Rses.Sum(r => Directory.Exists(r.OnDisk($"/lakemon-probes/{runId}")) ? Directory.GetFiles(r.OnDisk($"/lakemon-probes/{runId}"), "*", SearchOption.AllDirectories).Length : 0);

        await ProcessRunner.RunCheckedAsync("kill", "-TERM", run.Process.Id.ToString(CultureInfo.InvariantCulture));
        await run.WaitForExitAsync();
        output.WriteLine(run.StandardError);

        Assert.True(written > 0, "nothing was written before the signal");
        Assert.Equal(1, run.Process.ExitCode);
        Assert.Contains("load: interrupted; what the rehearsal wrote has been deleted", run.StandardError, StringComparison.Ordinal);
        foreach (var rse in lake.Rses)
        {
            Assert.False(Directory.Exists(rse.OnDisk($"/lakemon-probes/{runId}")), $"{rse.Name} still holds the run directory");
        }
    }
}
