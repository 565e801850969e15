using System.Text;
using System.Xml.Linq;
using Lakemon.Probes.Configuration;
using Lakemon.Probes.Reports;
using Lakemon.Probes.Results;
using Lakemon.Tests.Results;

namespace Lakemon.Tests.Reports;

public class JUnitReportTests
{
    private static readonly ReportHeader Header = new(SampleResults.RunId, RunKind.Nightly, SampleResults.Start, TimeSpan.FromSeconds(83.5), 9);

    /// <summary>Two RSEs and three links; LAKE-A's https door is broken, one http-pull fails.</summary>
    private static IReadOnlyList<ProbeResult> Campaign() =>
    [
        SampleResults.Transfer("LAKE-B", "LAKE-A"),
        SampleResults.Storage("LAKE-A", "root", ProbeOperation.Read, ProbeStatus.Critical, FailureKind.ChecksumMismatch, "adler32 mismatch: 11e60398 != 024d0127"),
        SampleResults.Storage("LAKE-B", "root", site: "LOCAL-2"),
        SampleResults.Storage("LAKE-A", "root", ProbeOperation.Stat, ProbeStatus.Warning, message: "slower than 0.5 s"),
        SampleResults.Storage("LAKE-A", "https", ProbeOperation.Upload, ProbeStatus.Unknown, FailureKind.ProbeError, "probe crashed: NullReferenceException"),
        SampleResults.Storage("LAKE-A", "root", ProbeOperation.Upload, seconds: 0.75),
        SampleResults.Transfer("LAKE-A", "LAKE-B", TpcMode.HttpPull, ProbeStatus.Critical, FailureKind.TpcFailed, "failure: 500 Internal Server Error"),
        SampleResults.Transfer("LAKE-A", "LAKE-B", TpcMode.Root, seconds: 1.5),
    ];

    [Fact]
    public void Write_Campaign_CountsEveryResultAtTheRoot()
    {
        var root = Report(Campaign()).Root!;

        Assert.Equal("testsuites", root.Name.LocalName);
        Assert.Equal("lakemon", (string?)root.Attribute("name"));
        Assert.Equal("8", (string?)root.Attribute("tests"));
        Assert.Equal("2", (string?)root.Attribute("failures"));
        Assert.Equal("1", (string?)root.Attribute("errors"));
        Assert.Equal("83.500", (string?)root.Attribute("time"));
    }

    [Fact]
    public void Write_Campaign_HasOneSuitePerRseThenOnePerLink()
    {
        var suites = Report(Campaign()).Root!.Elements("testsuite");

        Assert.Equal(["LAKE-A", "LAKE-B", "LAKE-A -> LAKE-B", "LAKE-B -> LAKE-A"], suites.Select(s => (string?)s.Attribute("name")));
    }

    [Fact]
    public void Write_StorageSuite_CountsItsOwnResultsAndSumsTheirTime()
    {
        var suite = Suite(Report(Campaign()), "LAKE-A");

        Assert.Equal("4", (string?)suite.Attribute("tests"));
        Assert.Equal("1", (string?)suite.Attribute("failures"));
        Assert.Equal("1", (string?)suite.Attribute("errors"));
        Assert.Equal("0", (string?)suite.Attribute("skipped"));
        Assert.Equal("4.500", (string?)suite.Attribute("time"));
        Assert.Equal("2026-11-29T04:23:51", (string?)suite.Attribute("timestamp"));
    }

    [Fact]
    public void Write_StorageSuite_HasRunIdKindAndSiteProperties()
    {
        var properties = Properties(Suite(Report(Campaign()), "LAKE-B"));

        Assert.Equal([("run_id", SampleResults.RunId), ("kind", "nightly"), ("site", "LOCAL-2")], properties);
    }

    [Fact]
    public void Write_LinkSuite_HasBothSites()
    {
        var properties = Properties(Suite(Report(Campaign()), "LAKE-A -> LAKE-B"));

        Assert.Equal([("run_id", SampleResults.RunId), ("kind", "nightly"), ("src_site", "LOCAL-1"), ("dst_site", "LOCAL-2")], properties);
    }

    [Fact]
    public void Write_StorageSuite_NamesCasesByProtocolOperationAndSizeInLifecycleOrder()
    {
        var cases = Suite(Report(Campaign()), "LAKE-A").Elements("testcase").ToList();

        Assert.Equal(["https upload 1MiB", "root upload 1MiB", "root stat 1MiB", "root read 1MiB"], cases.Select(c => (string?)c.Attribute("name")));
        Assert.All(cases, c => Assert.Equal("lakemon.nightly.LAKE-A", (string?)c.Attribute("classname")));
        Assert.Equal("0.750", (string?)cases[1].Attribute("time"));
    }

    [Fact]
    public void Write_LinkSuite_NamesCasesByModeAndSize()
    {
        var cases = Suite(Report(Campaign()), "LAKE-A -> LAKE-B").Elements("testcase").ToList();

        Assert.Equal(["root 1MiB", "http-pull 1MiB"], cases.Select(c => (string?)c.Attribute("name")));
        Assert.All(cases, c => Assert.Equal("lakemon.nightly.LAKE-A->LAKE-B", (string?)c.Attribute("classname")));
        Assert.Equal("1.500", (string?)cases[0].Attribute("time"));
    }

    [Fact]
    public void Write_StorageWithoutSize_LeavesTheSizeOutOfTheName()
    {
        var report = Report([SampleResults.Storage(operation: ProbeOperation.List, size: null)]);

        Assert.Equal("root list", (string?)report.Descendants("testcase").Single().Attribute("name"));
    }

    [Fact]
    public void Write_Critical_IsAFailureWithKindAndMessage()
    {
        var failure = Case(Report(Campaign()), "LAKE-A -> LAKE-B", "http-pull 1MiB").Elements().Single();

        Assert.Equal("failure", failure.Name.LocalName);
        Assert.Equal("tpc_failed", (string?)failure.Attribute("type"));
        Assert.Equal("tpc_failed: failure: 500 Internal Server Error", (string?)failure.Attribute("message"));
        Assert.Equal("failure: 500 Internal Server Error", failure.Value);
    }

    [Fact]
    public void Write_ChecksumMismatch_NamesBothChecksumsInTheBody()
    {
        var result = SampleResults.Storage(operation: ProbeOperation.Read, status: ProbeStatus.Critical, failure: FailureKind.ChecksumMismatch,
            message: "adler32 mismatch") with { ChecksumExpected = "11e60398", ChecksumActual = "024d0127" };

        var failure = Report([result]).Descendants("failure").Single();

        Assert.Equal("adler32 mismatch\nchecksum expected 11e60398, got 024d0127", failure.Value);
    }

    [Fact]
    public void Write_Unknown_IsAnError()
    {
        var error = Case(Report(Campaign()), "LAKE-A", "https upload 1MiB").Elements().Single();

        Assert.Equal("error", error.Name.LocalName);
        Assert.Equal("probe_error", (string?)error.Attribute("type"));
        Assert.Equal("probe_error: probe crashed: NullReferenceException", (string?)error.Attribute("message"));
    }

    [Fact]
    public void Write_FailureWithoutKindOrMessage_FallsBackToTheStatus()
    {
        var failure = Report([SampleResults.Storage(status: ProbeStatus.Critical)]).Descendants("failure").Single();

        Assert.Equal("CRITICAL", (string?)failure.Attribute("type"));
        Assert.Equal("CRITICAL", (string?)failure.Attribute("message"));
    }

    [Fact]
    public void Write_Warning_PassesAndSaysWhyOnSystemOut()
    {
        var warning = Case(Report(Campaign()), "LAKE-A", "root stat 1MiB");

        var output = Assert.Single(warning.Elements());
        Assert.Equal("system-out", output.Name.LocalName);
        Assert.Equal("WARNING: slower than 0.5 s", output.Value);
    }

    [Fact]
    public void Write_Ok_IsAnEmptyTestCase() =>
        Assert.Empty(Case(Report(Campaign()), "LAKE-A", "root upload 1MiB").Elements());

    [Fact]
    public void Write_NoResults_WritesAnEmptyRoot()
    {
        var root = Report([]).Root!;

        Assert.Empty(root.Elements());
        Assert.Equal("0", (string?)root.Attribute("tests"));
    }

    [Theory]
    [InlineData("a < b && c > d")]
    [InlineData("quotes \" and ' and ]]> end of CDATA")]
    [InlineData("line one\nline two\r\n\ttabbed")]
    [InlineData("<failure message=\"x\"/></testcase></testsuite>")]
    [InlineData("snowman ☃ and astral 😀")]
    public void Write_MessageWithMarkup_RoundTripsThroughTheXml(string message)
    {
        var failure = Report([SampleResults.Storage(status: ProbeStatus.Critical, failure: FailureKind.ServerError, message: message)])
            .Descendants("failure").Single();

        Assert.Equal($"server_error: {message}", (string?)failure.Attribute("message"));
        Assert.Equal(message.ReplaceLineEndings("\n"), failure.Value.ReplaceLineEndings("\n"));
    }

    // Built in code: attribute arguments are stored as UTF-8, which cannot hold an unpaired surrogate.
    public static TheoryData<string, string> UncarriableCharacters => new()
    {
        { "bell \u0007 escape \u001b[31m red", "bell \uFFFD escape \uFFFD[31m red" },
        { "nul \0 here", "nul \uFFFD here" },
        { "lone \ud800 surrogate", "lone \uFFFD surrogate" },
        { "reversed \udc00\ud800 pair", "reversed \uFFFD\uFFFD pair" },
        { "trailing high \ud83d", "trailing high \uFFFD" },
        { "\uFFFE not a character", "\uFFFD not a character" },
    };

    [Theory]
    [MemberData(nameof(UncarriableCharacters))]
    public void Write_MessageWithCharactersXmlCannotCarry_ReplacesThemAndStaysWellFormed(string message, string shown)
    {
        var result = SampleResults.Storage(status: ProbeStatus.Warning, message: message) with { Rse = message };

        var report = Report([result]);

        Assert.Equal($"WARNING: {shown}", report.Descendants("system-out").Single().Value);
        Assert.Equal(shown, (string?)report.Descendants("testsuite").Single().Attribute("name"));
    }

    [Fact]
    public void Write_Stream_IsUtf8WithoutByteOrderMark()
    {
        using var stream = new MemoryStream();

        JUnitReport.Write(stream, [SampleResults.Storage(status: ProbeStatus.Critical, message: "→ é")], Header);

        var bytes = stream.ToArray();
        Assert.NotEqual(0xEF, bytes[0]);
        var text = Encoding.UTF8.GetString(bytes);
        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>", text, StringComparison.Ordinal);
        Assert.Equal("→ é", XDocument.Parse(text).Descendants("failure").Single().Value);
    }

    [Fact]
    public void Write_ShuffledResults_GiveTheSameReport()
    {
        var results = Campaign();

        Assert.Equal(Text(results), Text([.. results.Reverse()]));
    }

    private static XDocument Report(IReadOnlyList<ProbeResult> results) => XDocument.Parse(Text(results));

    private static string Text(IReadOnlyList<ProbeResult> results)
    {
        using var writer = new StringWriter();
        JUnitReport.Write(writer, results, Header);
        return writer.ToString();
    }

    private static XElement Suite(XDocument report, string name) =>
        report.Root!.Elements("testsuite").Single(s => (string?)s.Attribute("name") == name);

    private static XElement Case(XDocument report, string suite, string name) =>
        Suite(report, suite).Elements("testcase").Single(c => (string?)c.Attribute("name") == name);

    private static IEnumerable<(string?, string?)> Properties(XElement suite) =>
        suite.Element("properties")!.Elements("property").Select(p => ((string?)p.Attribute("name"), (string?)p.Attribute("value")));
}
