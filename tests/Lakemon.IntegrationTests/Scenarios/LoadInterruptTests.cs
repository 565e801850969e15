using System.Diagnostics;
using System.Globalization;
using System.Text;
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
        var start = ProcessRunner.StartInfo("dotnet", [ProcessRunner.LakemonDll, "load", "run", rehearsal]);
        using var process = Process.Start(start)!;
        var stderr = new StringBuilder();
        var live = new TaskCompletionSource();
        process.ErrorDataReceived += (_, e) =>
        {
            lock (stderr)
            {
                stderr.AppendLine(e.Data);
            }
            if (e.Data?.Contains("uploads: ok", StringComparison.Ordinal) == true)
            {
                live.TrySetResult();
            }
        };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        await live.Task.WaitAsync(TimeSpan.FromSeconds(60));
        var written = lake.Rses.Sum(r => Directory.Exists(r.OnDisk($"/lakemon-probes/{runId}")) ? Directory.GetFiles(r.OnDisk($"/lakemon-probes/{runId}"), "*", SearchOption.AllDirectories).Length : 0);

        await ProcessRunner.RunCheckedAsync("kill", "-TERM", process.Id.ToString(CultureInfo.InvariantCulture));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        output.WriteLine(stderr.ToString());

        Assert.True(written > 0, "nothing was written before the signal");
        Assert.Equal(1, process.ExitCode);
        Assert.Contains("load: interrupted; what the rehearsal wrote has been deleted", stderr.ToString(), StringComparison.Ordinal);
        foreach (var rse in lake.Rses)
        {
            Assert.False(Directory.Exists(rse.OnDisk($"/lakemon-probes/{runId}")), $"{rse.Name} still holds the run directory");
        }
    }
}
