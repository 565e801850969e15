using System.Text.Json;
using Lakemon.Collector.StatusPage;
using Lakemon.Probes.Configuration;
using Lakemon.Probes.Results;
using Lakemon.Tests.Metrics;
using Lakemon.Tests.Results;

namespace Lakemon.Tests.StatusPage;

public sealed class StatusBoardTests : IDisposable
{
    private const string Config = """
        sites:
          - name: LOCAL-1
          - name: LOCAL-2
          - name: LOCAL-3
        rses:
          - name: LAKE-A
            site: LOCAL-1
            protocols:
              - { scheme: root, prefix: "root://127.0.0.1:1094//lake" }
              - { scheme: https, prefix: "https://127.0.0.1:1094/lake" }
          - name: LAKE-B
            site: LOCAL-2
            protocols:
              - { scheme: root, prefix: "root://127.0.0.1:1095//lake" }
          - name: LAKE-C
            site: LOCAL-3
            protocols:
              - { scheme: root, prefix: "root://127.0.0.1:1096//lake" }
        """;

    private readonly MetricsScrape _scrape = new();
    private readonly LakemonOptions _config = ConfigLoader.Parse(Config, "status.yaml").Options!;

    public void Dispose() => _scrape.Dispose();

    [Fact]
    public void Write_MixedChecks_EachCellIsTheWorstOfItsOperationsAndUnreportedIsUnknown()
    {
        // LAKE-A root: upload OK, read WARNING → WARNING. LAKE-A https: upload CRITICAL, read UNKNOWN (prerequisite) →
        // CRITICAL. LAKE-B: nothing reported → UNKNOWN. LAKE-C root: a read CRITICAL (checksum) → CRITICAL.
        Record(SampleResults.Storage());
        Record(SampleResults.Storage(operation: ProbeOperation.Read, status: ProbeStatus.Warning));
        Record(SampleResults.Storage(protocol: "https", status: ProbeStatus.Critical, failure: FailureKind.Connect, message: "connection refused"));
        Record(SampleResults.Storage(protocol: "https", operation: ProbeOperation.Read, status: ProbeStatus.Unknown, failure: FailureKind.PrerequisiteFailed));
        Record(SampleResults.Storage(rse: "LAKE-C", site: "LOCAL-3", operation: ProbeOperation.Read, status: ProbeStatus.Critical, failure: FailureKind.ChecksumMismatch, message: "adler32 1 != 2"));
        Record(SampleResults.Transfer(status: ProbeStatus.Critical, failure: FailureKind.TpcFailed, message: "failure: copy refused"));

        var board = Board();

        var rses = board.GetProperty("rses").EnumerateArray().ToDictionary(r => r.GetProperty("rse").GetString()!);
        Assert.Equal(["LAKE-A", "LAKE-B", "LAKE-C"], rses.Keys);
        Assert.Equal("CRITICAL", rses["LAKE-A"].GetProperty("status").GetString());
        Assert.Equal(("root", "WARNING"), Cell(rses["LAKE-A"], 0));
        Assert.Equal(("https", "CRITICAL"), Cell(rses["LAKE-A"], 1));
        Assert.Equal("UNKNOWN", rses["LAKE-B"].GetProperty("status").GetString());
        Assert.Equal(("root", "UNKNOWN"), Cell(rses["LAKE-B"], 0));
        Assert.Equal("CRITICAL", rses["LAKE-C"].GetProperty("status").GetString());
        var link = Assert.Single(board.GetProperty("links").EnumerateArray());
        Assert.Equal(("LAKE-A", "LAKE-B", "root", "CRITICAL"), (link.GetProperty("src_rse").GetString(), link.GetProperty("dst_rse").GetString(),
            link.GetProperty("tpc_mode").GetString(), link.GetProperty("status").GetString()));
        // The failures with their messages, the prerequisite-failed consequence left out; the WARNING kept.
        var problems = board.GetProperty("problems").EnumerateArray().Select(p => p.GetProperty("subject").GetString()).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["LAKE-A https upload", "LAKE-A root read", "LAKE-A → LAKE-B root", "LAKE-C root read"], problems);
    }

    [Fact]
    public void Write_LastResultOlderThanFreshness_CellTurnsUnknownButKeepsTheLastStatus()
    {
        Record(SampleResults.Storage(rse: "LAKE-B", site: "LOCAL-2"));
        _scrape.Time.Advance(MetricsScrape.StorageFreshness + TimeSpan.FromMinutes(1));

        var rse = Board().GetProperty("rses").EnumerateArray().Single(r => r.GetProperty("rse").GetString() == "LAKE-B");

        var check = rse.GetProperty("protocols")[0].GetProperty("checks")[0];
        Assert.Equal("UNKNOWN", check.GetProperty("status").GetString());
        Assert.Equal("OK", check.GetProperty("last_status").GetString());
    }

    [Fact]
    public void Write_ScheduledDowntimeNow_RseAndItsCellsShowDowntimeAndUnscheduledDoesNot()
    {
        // LAKE-A: announced 2 days ahead, going on now → DOWNTIME. Site LOCAL-2 (LAKE-B): announced 1 h ahead →
        // unscheduled, which counts as CRITICAL in the SLA and is not shown as DOWNTIME here. LAKE-C: over already.
        var now = _scrape.Time.GetUtcNow();
        var config = _config with
        {
            Sla = _config.Sla with
            {
                Downtimes =
                [
                    new DowntimeOptions("LAKE-A", null, now.AddHours(-1), now.AddHours(1), now.AddDays(-2), "disk swap"),
                    new DowntimeOptions(null, "LOCAL-2", now.AddMinutes(-10), now.AddHours(1), now.AddHours(-1), "power cut"),
                    new DowntimeOptions("LAKE-C", null, now.AddHours(-5), now.AddHours(-1), now.AddDays(-3), "over"),
                ],
            },
        };
        Record(SampleResults.Storage(status: ProbeStatus.Critical, failure: FailureKind.Connect));

        var rses = Board(config).GetProperty("rses").EnumerateArray().ToDictionary(r => r.GetProperty("rse").GetString()!);

        Assert.Equal("DOWNTIME", rses["LAKE-A"].GetProperty("status").GetString());
        Assert.Equal(("root", "DOWNTIME"), Cell(rses["LAKE-A"], 0));
        Assert.Equal("disk swap", rses["LAKE-A"].GetProperty("downtime").GetProperty("description").GetString());
        Assert.Equal("UNKNOWN", rses["LAKE-B"].GetProperty("status").GetString());
        Assert.False(rses["LAKE-B"].TryGetProperty("downtime", out _));
        Assert.Equal("UNKNOWN", rses["LAKE-C"].GetProperty("status").GetString());
    }

    [Theory]
    [InlineData(new[] { ProbeStatus.Ok, ProbeStatus.Warning }, ProbeStatus.Warning)]
    [InlineData(new[] { ProbeStatus.Warning, ProbeStatus.Unknown }, ProbeStatus.Unknown)]
    [InlineData(new[] { ProbeStatus.Unknown, ProbeStatus.Critical, ProbeStatus.Ok }, ProbeStatus.Critical)]
    [InlineData(new ProbeStatus[0], ProbeStatus.Unknown)]
    public void Worst_FollowsTheAndOrderOfDesignSection6(ProbeStatus[] statuses, ProbeStatus expected) =>
        Assert.Equal(expected, StatusBoard.Worst(statuses));

    private void Record(ProbeResult result) => _scrape.Metrics.Record(result with { Id = Guid.NewGuid().ToString("N") });

    private JsonElement Board(LakemonOptions? config = null)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            StatusBoard.Write(json, config ?? _config, _scrape.Metrics, _scrape.Time.GetUtcNow());
        }
        return JsonDocument.Parse(buffer.ToArray()).RootElement.Clone();
    }

    private static (string, string) Cell(JsonElement rse, int index)
    {
        var cell = rse.GetProperty("protocols")[index];
        return (cell.GetProperty("protocol").GetString()!, cell.GetProperty("status").GetString()!);
    }
}
