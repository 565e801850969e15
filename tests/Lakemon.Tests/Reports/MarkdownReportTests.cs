using Lakemon.Probes.Configuration;
using Lakemon.Probes.Reports;
using Lakemon.Probes.Results;
using Lakemon.Tests.Results;

namespace Lakemon.Tests.Reports;

public class MarkdownReportTests
{
    private static readonly ReportHeader Header = new(SampleResults.RunId, RunKind.Nightly, SampleResults.Start, TimeSpan.FromSeconds(83.5));

    /// <summary>LAKE-A's root upload cannot connect (the later steps are UNKNOWN because of it), its https door
    /// crashed the probe, LAKE-B is slow on stat; one http-pull fails.</summary>
    private static IReadOnlyList<ProbeResult> Campaign() =>
    [
        SampleResults.Storage("LAKE-A", "root", ProbeOperation.Stat, ProbeStatus.Unknown, FailureKind.PrerequisiteFailed, "not run: upload failed"),
        SampleResults.Storage("LAKE-A", "root", ProbeOperation.Upload, ProbeStatus.Critical, FailureKind.Connect, "connect to 127.0.0.1:1095 refused"),
        SampleResults.Storage("LAKE-A", "https", ProbeOperation.Upload, ProbeStatus.Unknown, FailureKind.ProbeError, "probe crashed"),
        SampleResults.Storage("LAKE-A", "https", ProbeOperation.Upload, size: 1024),
        SampleResults.Storage("LAKE-B", "root", ProbeOperation.Upload, site: "LOCAL-2"),
        SampleResults.Storage("LAKE-B", "root", ProbeOperation.Stat, ProbeStatus.Warning, message: "slower than 0.5 s", site: "LOCAL-2"),
        SampleResults.Transfer("LAKE-A", "LAKE-B", TpcMode.HttpPull, ProbeStatus.Critical, FailureKind.TpcFailed, "failure: 500"),
        SampleResults.Transfer("LAKE-A", "LAKE-B", TpcMode.Root),
        SampleResults.Transfer("LAKE-B", "LAKE-A", TpcMode.Root),
    ];

    [Fact]
    public void Write_Campaign_StartsWithRunIdKindStartAndWallTime()
    {
        var lines = Lines(Campaign());

        Assert.Equal($"# lakemon run {SampleResults.RunId} (nightly)", lines[0]);
        Assert.Contains("- Started: 2026-11-29 04:23:51 UTC", lines);
        Assert.Contains("- Wall time: 1 min 23 s", lines);
    }

    [Fact]
    public void Write_Campaign_CountsEveryStatus()
    {
        var lines = Lines(Campaign());

        Assert.Contains("- Results: 9", lines);
        Assert.Contains("- Status: 4 OK · 1 WARNING · 2 CRITICAL · 2 UNKNOWN", lines);
    }

    [Theory]
    [InlineData(9, "- Results: 9 of 9 expected")]
    [InlineData(12, "- Results: 9 of 12 expected (3 missing)")]
    [InlineData(8, "- Results: 9 of 8 expected (1 more than planned)")]
    public void Write_ExpectedResults_ComparesWithWhatCame(int expected, string line) =>
        Assert.Contains(line, Lines(Campaign(), Header with { ExpectedResults = expected }));

    [Theory]
    [InlineData(12.34, "12.3 s")]
    [InlineData(59.94, "59.9 s")]
    [InlineData(60, "1 min 00 s")]
    [InlineData(3725, "1 h 02 min 05 s")]
    [InlineData(90061, "25 h 01 min 01 s")]
    public void Write_WallTime_IsReadable(double seconds, string shown) =>
        Assert.Contains($"- Wall time: {shown}", Lines([], Header with { WallTime = TimeSpan.FromSeconds(seconds) }));

    [Fact]
    public void Write_Storage_HasARowPerRseAndAColumnPerProtocol()
    {
        Assert.Equal(
        [
            "| RSE | https | root |",
            "| --- | --- | --- |",
            "| LAKE-A (LOCAL-1) | UNKNOWN (probe_error) | CRITICAL (connect) |",
            "| LAKE-B (LOCAL-2) |  | WARNING |",
        ],
        Section(Campaign(), "Storage"));
    }

    [Fact]
    public void Write_StorageCell_ShowsEveryKindOfTheWorstStatusOnce()
    {
        var results = new[]
        {
            SampleResults.Storage(operation: ProbeOperation.Upload, status: ProbeStatus.Critical, failure: FailureKind.Timeout),
            SampleResults.Storage(operation: ProbeOperation.Upload, status: ProbeStatus.Critical, failure: FailureKind.Timeout, size: 1024),
            SampleResults.Storage(operation: ProbeOperation.Delete, status: ProbeStatus.Critical, failure: FailureKind.Auth),
            SampleResults.Storage(operation: ProbeOperation.Read, status: ProbeStatus.Unknown, failure: FailureKind.PrerequisiteFailed),
        };

        Assert.Equal("| LAKE-A (LOCAL-1) | CRITICAL (timeout, auth) |", Section(results, "Storage")[2]);
    }

    [Fact]
    public void Write_StorageWithoutSite_ShowsTheRseAlone() =>
        Assert.Equal("| LAKE-C | OK |", Section([SampleResults.Storage("LAKE-C", site: null)], "Storage")[2]);

    [Fact]
    public void Write_Transfers_IsASourceByDestinationMatrixWithStatusPerMode()
    {
        Assert.Equal(
        [
            @"| Source \\ Destination | LAKE-A | LAKE-B |",
            "| --- | --- | --- |",
            "| LAKE-A | — | root OK · http-pull CRITICAL (tpc_failed) |",
            "| LAKE-B | root OK | — |",
        ],
        Section(Campaign(), "Transfers"));
    }

    [Fact]
    public void Write_TransfersBetweenSomeRses_LeavesOtherCellsEmpty()
    {
        var results = new[]
        {
            SampleResults.Transfer("LAKE-A", "LAKE-B"),
            SampleResults.Transfer("LAKE-A", "LAKE-C", TpcMode.HttpPush, ProbeStatus.Warning),
        };

        Assert.Equal(
        [
            "| LAKE-A | — | root OK | http-push WARNING |",
            "| LAKE-B |  | — |  |",
            "| LAKE-C |  |  | — |",
        ],
        Section(results, "Transfers").Skip(2));
    }

    [Fact]
    public void Write_Problems_ListsEveryResultThatIsNotOkInReportOrder()
    {
        Assert.Equal(
        [
            "| Target | Operation | Size | Status | Failure | Message |",
            "| --- | --- | --- | --- | --- | --- |",
            "| LAKE-A https | upload | 1MiB | UNKNOWN | probe_error | probe crashed |",
            "| LAKE-A root | upload | 1MiB | CRITICAL | connect | connect to 127.0.0.1:1095 refused |",
            "| LAKE-A root | stat | 1MiB | UNKNOWN | prerequisite_failed | not run: upload failed |",
            "| LAKE-B root | stat | 1MiB | WARNING |  | slower than 0.5 s |",
            "| LAKE-A→LAKE-B http-pull | tpc | 1MiB | CRITICAL | tpc_failed | failure: 500 |",
        ],
        Section(Campaign(), "Problems"));
    }

    [Theory]
    [InlineData("a | b", @"a \| b")]
    [InlineData("line one\nline two\r\nline three\rfour", "line one<br>line two<br>line three<br>four")]
    [InlineData(@"C:\lake\*file*", @"C:\\lake\\\*file\*")]
    [InlineData("<script>alert(1)</script>", @"\<script\>alert(1)\</script\>")]
    [InlineData("[link](http://x) `code` ~~gone~~", @"\[link\](http://x) \`code\` \~\~gone\~\~")]
    [InlineData("tab\there\u001b[31m", @"tab here \[31m")]
    [InlineData("not_found in snake_case", "not_found in snake_case")]
    public void Write_ProblemMessage_IsEscapedForATableCell(string message, string shown)
    {
        var problems = Section([SampleResults.Storage(status: ProbeStatus.Critical, failure: FailureKind.ServerError, message: message)], "Problems");

        Assert.Equal($"| LAKE-A root | upload | 1MiB | CRITICAL | server_error | {shown} |", problems[2]);
    }

    [Fact]
    public void Write_StorageOnlyAndAllOk_LeavesOutTransfersAndProblems()
    {
        var text = Text([SampleResults.Storage(), SampleResults.Storage("LAKE-B")], Header);

        Assert.Contains("## Storage", text, StringComparison.Ordinal);
        Assert.DoesNotContain("## Transfers", text, StringComparison.Ordinal);
        Assert.DoesNotContain("## Problems", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_TransfersOnly_LeavesOutStorage()
    {
        var text = Text([SampleResults.Transfer()], Header);

        Assert.DoesNotContain("## Storage", text, StringComparison.Ordinal);
        Assert.Contains("## Transfers", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_NoResults_IsTheSummaryAlone()
    {
        var lines = Lines([], Header with { ExpectedResults = 4 });

        Assert.DoesNotContain(lines, l => l.StartsWith("## ", StringComparison.Ordinal));
        Assert.Contains("- Results: 0 of 4 expected (4 missing)", lines);
        Assert.Contains("- Status: 0 OK · 0 WARNING · 0 CRITICAL · 0 UNKNOWN", lines);
    }

    [Fact]
    public void Write_ShuffledResults_GiveTheSameReport()
    {
        var results = Campaign();

        Assert.Equal(Text(results, Header), Text([.. results.Reverse()], Header));
    }

    private static string Text(IReadOnlyList<ProbeResult> results, ReportHeader header)
    {
        using var writer = new StringWriter();
        MarkdownReport.Write(writer, results, header);
        return writer.ToString();
    }

    private static List<string> Lines(IReadOnlyList<ProbeResult> results, ReportHeader? header = null) =>
        [.. Text(results, header ?? Header).Split('\n')];

    /// <summary>The table lines under "## title".</summary>
    private static List<string> Section(IReadOnlyList<ProbeResult> results, string title) =>
        [.. Lines(results).SkipWhile(l => l != $"## {title}").Skip(2).TakeWhile(l => l.StartsWith('|'))];
}
