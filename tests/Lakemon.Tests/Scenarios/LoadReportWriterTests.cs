using System.Text.Json;
using Lakemon.Scenarios.Engine;
using Lakemon.Scenarios.Reports;

namespace Lakemon.Tests.Scenarios;

public sealed class LoadReportWriterTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lakemon-load-report-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static LoadRunResult Result()
    {
        var upload = new StepMeasurements("upload");
        upload.Record(StepResult.Ok(1_000_000), TimeSpan.FromMilliseconds(20));
        upload.Record(StepResult.Fail("no_space"), TimeSpan.FromMilliseconds(5));
        var duration = TimeSpan.FromSeconds(2);
        var step = upload.Snapshot(duration);
        var stats = new ScenarioStats("upload-storm", duration, step with { Name = "upload-storm" }, [step]);
        return new LoadRunResult("run-1", "challenge", DateTimeOffset.UnixEpoch, duration, [new ScenarioResult(stats, [new ThresholdResult("fail ratio <= 1%", false, 1, false)], false)])
        {
            Details = [new ReportSection("TPC links", ["link", "target_mb_s", "achieved_mb_s"], [["A→B", "10", "9.5"]], true)],
        };
    }

    [Fact]
    public async Task WriteAllAsync_OneRun_FourFormatsWithTheSameCounts()
    {
        await LoadReportWriter.WriteAllAsync(Result(), _dir, default);

        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_dir, "load-report.json")));
        var scenario = json.RootElement.GetProperty("scenarios")[0];
        Assert.False(json.RootElement.GetProperty("passed").GetBoolean());
        Assert.Equal("challenge", json.RootElement.GetProperty("kind").GetString());
        Assert.Equal(1, scenario.GetProperty("calls").GetProperty("ok").GetInt64());
        Assert.Equal(1, scenario.GetProperty("steps")[0].GetProperty("failure_kinds").GetProperty("no_space").GetInt64());
        Assert.Equal("9.5", json.RootElement.GetProperty("details")[0].GetProperty("rows")[0].GetProperty("achieved_mb_s").GetString());

        var csv = await File.ReadAllLinesAsync(Path.Combine(_dir, "load-report.csv"));
        Assert.Equal(3, csv.Length);
        Assert.StartsWith("run-1,upload-storm,upload,1,1,1.0,", csv[2], StringComparison.Ordinal);

        var md = await File.ReadAllTextAsync(Path.Combine(_dir, "load-report.md"));
        Assert.Contains("# Load run run-1: FAIL", md, StringComparison.Ordinal);
        Assert.Contains("| upload-storm | fail ratio <= 1% | FAIL | 1 | no |", md, StringComparison.Ordinal);

        var html = await File.ReadAllTextAsync(Path.Combine(_dir, "load-report.html"));
        Assert.Contains("<td>A→B</td>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("href=", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("src=", html, StringComparison.OrdinalIgnoreCase);
    }
}
