using System.Text.Json;
using Lakemon.IntegrationTests.Support;
using Xunit;
using Xunit.Abstractions;
using static Lakemon.IntegrationTests.Support.ProcessRunner;

namespace Lakemon.IntegrationTests.Scenarios;

/// <summary>`lakemon load run` against a real local lake: short rehearsals of every scenario type, the report's counts
/// checked against the files on the servers' data directories, the cleanup, and the TPC verdict.</summary>
public sealed class LoadRunTests(ITestOutputHelper output)
{
    private const string AllScenarios = """
        scenarios:
          - name: uploads
            type: upload-storm
            protocol: https
            copies: 2
            file_size: 64KiB
            duration: 2s
          - name: reads
            type: read-storm
            protocol: root
            rate: 10
            files: 3
            file_size: 64KiB
            duration: 2s
          - name: metadata
            type: metadata-storm
            protocol: https
            copies: 1
            files: 3
            file_size: 1KiB
            duration: 2s
          - name: tpc
            type: tpc-matrix
            protocol: https
            tpc_mode: http-pull
            file_size: 256KiB
            ramp_step: 500ms
            hold: 2s
            links:
              - {src: LAKE-A, dst: LAKE-B, target: 1MB/s}
          - name: production
            type: mixed
            protocol: root
            rate: 6
            files: 3
            file_size: 16KiB
            mix: {upload: 50, read: 30, stat: 10, list: 10}
            duration: 2s
        """;

    private static async Task<(ProcessResult Run, JsonDocument Report, string[] Results)> RunAsync(RunningLake lake, string name, string body)
    {
        var file = Path.Combine(lake.Directory, name + ".yaml");
        await File.WriteAllTextAsync(file, body);
        var reports = Path.Combine(lake.Directory, name + "-report");
        var run = await LakemonAsync("load", "run", file, "--report", reports);
        var report = File.Exists(Path.Combine(reports, "load-report.json"))
            ? JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(reports, "load-report.json")))
            : throw new InvalidOperationException($"no report: {run}");
        return (run, report, await File.ReadAllLinesAsync(Path.Combine(reports, "results.jsonl")));
    }

    private static JsonElement Calls(JsonDocument report, string scenario) =>
        report.RootElement.GetProperty("scenarios").EnumerateArray().Single(s => s.GetProperty("name").GetString() == scenario).GetProperty("calls");

    private static long Ok(JsonDocument report, string scenario) => Calls(report, scenario).GetProperty("ok").GetInt64();

    private static long Fail(JsonDocument report, string scenario) => Calls(report, scenario).GetProperty("fail").GetInt64();

    private static int FilesOnDisk(LakeRse rse, string runId, string folder)
    {
        var directory = rse.OnDisk($"/lakemon-probes/{runId}/{folder}");
        return Directory.Exists(directory) ? Directory.GetFiles(directory, "*", SearchOption.AllDirectories).Length : 0;
    }

    [Fact]
    public async Task LoadRun_EveryScenarioWithoutCleanup_ReportCountsMatchTheFilesOnTheServers()
    {
        await using var lake = await RunningLake.StartAsync(2, "load-count");
        const string runId = "20261129T000000Z-count1";
        var (run, report, results) = await RunAsync(lake, "count", $"config: lakemon.yaml\nrun_id: {runId}\ncleanup: false\nreport_interval: 1s\n{AllScenarios}");
        output.WriteLine(run.ToString());

        Assert.Equal(0, run.ExitCode);
        var (a, b) = (lake.Rses[0], lake.Rses[1]);
        // Uploads: one file per successful call (a failed write may or may not leave one behind).
        var uploaded = FilesOnDisk(a, runId, "load-uploads") + FilesOnDisk(b, runId, "load-uploads");
        Assert.InRange(uploaded, Ok(report, "uploads"), Ok(report, "uploads") + Fail(report, "uploads"));
        Assert.True(Ok(report, "uploads") > 0);
        // Reads and metadata: only the seeds are written.
        Assert.Equal([3, 3], new[] { FilesOnDisk(a, runId, "load-reads"), FilesOnDisk(b, runId, "load-reads") });
        Assert.Equal([3, 3], new[] { FilesOnDisk(a, runId, "load-metadata"), FilesOnDisk(b, runId, "load-metadata") });
        Assert.True(Ok(report, "reads") > 0 && Ok(report, "metadata") > 0);
        // TPC: one seed at the source, one copy per successful call at the destination.
        Assert.Equal(1, FilesOnDisk(a, runId, "load-tpc"));
        Assert.InRange(FilesOnDisk(b, runId, "load-tpc"), Ok(report, "tpc LAKE-A→LAKE-B"), Ok(report, "tpc LAKE-A→LAKE-B") + Fail(report, "tpc LAKE-A→LAKE-B"));
        // Mixed: seeds on both RSEs plus its uploads.
        var mixed = FilesOnDisk(a, runId, "load-production") + FilesOnDisk(b, runId, "load-production");
        Assert.InRange(mixed, 6 + Ok(report, "production/upload"), 6 + Ok(report, "production/upload") + Fail(report, "production/upload"));

        // Every result is a challenge result of this run, one per call.
        var parsed = results.Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.All(parsed, r => Assert.Equal(("challenge", runId), (r.GetProperty("kind").GetString(), r.GetProperty("run_id").GetString())));
        var uploadCalls = Ok(report, "uploads") + Fail(report, "uploads") + Ok(report, "production/upload") + Fail(report, "production/upload");
        Assert.Equal(uploadCalls, parsed.Count(r => r.GetProperty("operation").GetString() == "upload"));
        Assert.Equal(Ok(report, "tpc LAKE-A→LAKE-B") + Fail(report, "tpc LAKE-A→LAKE-B"), parsed.Count(r => r.GetProperty("operation").GetString() == "tpc"));
        Assert.Equal("PASS", report.RootElement.GetProperty("details")[0].GetProperty("rows")[0].GetProperty("verdict").GetString());
    }

    [Fact]
    public async Task LoadRun_EveryScenario_EverythingWrittenIsDeleted()
    {
        await using var lake = await RunningLake.StartAsync(2, "load-clean");
        const string runId = "20261129T000000Z-clean1";
        var (run, report, _) = await RunAsync(lake, "clean", $"config: lakemon.yaml\nrun_id: {runId}\nreport_interval: 1s\n{AllScenarios}");
        output.WriteLine(run.ToString());

        Assert.Equal(0, run.ExitCode);
        foreach (var rse in lake.Rses)
        {
            Assert.False(Directory.Exists(rse.OnDisk($"/lakemon-probes/{runId}")), $"{rse.Name} still holds the run directory");
        }
        var cleanup = report.RootElement.GetProperty("details").EnumerateArray().Single(d => d.GetProperty("title").GetString() == "Cleanup").GetProperty("rows").EnumerateArray().ToList();
        Assert.All(cleanup, row => Assert.Equal("0", row.GetProperty("failed").GetString()));
        var deleted = cleanup.Sum(row => int.Parse(row.GetProperty("deleted").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        // What the calls wrote plus the seeds: 3 per RSE for reads, metadata and mixed, 1 TPC source.
        var written = Ok(report, "uploads") + Ok(report, "production/upload") + Ok(report, "tpc LAKE-A→LAKE-B") + (3 * 2 * 3) + 1;
        Assert.Equal(written, deleted);
    }

    [Fact]
    public async Task LoadRun_TpcTargetAboveWhatTheLakeCanDo_VerdictFlipsToFail()
    {
        await using var lake = await RunningLake.StartAsync(2, "load-tpc");
        string Matrix(string target) => $"""
            config: lakemon.yaml
            report_interval: 1s
            scenarios:
              - name: tpc
                type: tpc-matrix
                protocol: https
                tpc_mode: http-pull
                file_size: 256KiB
                ramp_step: 500ms
                hold: 2s
                max_in_flight: 4
                links:
                  - {'{'}src: LAKE-A, dst: LAKE-B, target: {target}{'}'}
            """;

        var (reachable, reachableReport, _) = await RunAsync(lake, "reachable", Matrix("1MB/s"));
        var (beyond, beyondReport, _) = await RunAsync(lake, "beyond", Matrix("100GB/s"));
        output.WriteLine(reachable.ToString());
        output.WriteLine(beyond.ToString());

        Assert.Equal(0, reachable.ExitCode);
        Assert.True(reachableReport.RootElement.GetProperty("passed").GetBoolean());
        Assert.Equal(1, beyond.ExitCode);
        var row = beyondReport.RootElement.GetProperty("details")[0].GetProperty("rows")[0];
        Assert.Equal("FAIL", row.GetProperty("verdict").GetString());
        Assert.Contains("| LAKE-A→LAKE-B | http-pull | 100000.00 |", beyond.StandardOutput, StringComparison.Ordinal);
        foreach (var rse in lake.Rses)
        {
            Assert.Empty(Directory.GetFiles(rse.OnDisk("/lakemon-probes"), "*", SearchOption.AllDirectories));
        }
    }

    [Fact]
    public async Task LoadRun_BadConfig_Exit2WithFileAndLine()
    {
        var directory = TestDirectories.Create("load-bad");
        var file = Path.Combine(directory, "bad.yaml");
        await File.WriteAllTextAsync(file, "config: missing.yaml\nscenarios:\n  - type: upload-storm\n    writers: 3\n    copies: 2\n");

        var run = await LakemonAsync("load", "run", file);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"{file}:4: scenarios[0].writers: unknown key", run.StandardError, StringComparison.Ordinal);
        Directory.Delete(directory, recursive: true);
    }
}
