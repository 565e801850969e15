using System.Text.Json;
using Lakemon.IntegrationTests.Support;
using static Lakemon.IntegrationTests.Support.ProcessRunner;

namespace Lakemon.IntegrationTests.Sla;

/// <summary>
/// `lakemon sla` end to end: synthetic results (<see cref="SlaScenario"/>) go in through `lakemon results import`, the
/// report comes out of the real CLI in every format with exactly the hand-computed figures.
/// </summary>
public sealed class SlaCommandTests : IDisposable
{
    private readonly string directory = TestDirectories.Create("sla");

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private async Task<string> ImportedConfigAsync()
    {
        var config = Path.Combine(directory, "lakemon.yaml");
        await File.WriteAllTextAsync(config, SlaScenario.Config("results.db"));
        var jsonl = Path.Combine(directory, "results.jsonl");
        await File.WriteAllTextAsync(jsonl, SlaScenario.Jsonl());
        var import = await LakemonAsync("results", "import", jsonl, "--config", config);
        Assert.True(import.ExitCode == 0, import.ToString());
        return config;
    }

    private static Task<ProcessResult> SlaAsync(string config, string format, params string[] more) =>
        LakemonAsync(["sla", "--from", "2026-10-01", "--to", "2026-10-02", "--config", config, "--format", format, .. more]);

    // Hand-computed (see SlaScenario):
    // LAKE-A day 1: A = R = 18 / (24 − 4) = 0.9, unknown 4/24 = 0.166667; day 2: A = R = 24/24 = 1.
    //   month: mean(up) = (18/24 + 1) / 2 = 42/48, mean(unknown) = 4/48: A = R = 42/44 = 0.954545, unknown 0.083333 → pass.
    // LAKE-B day 1: A = 22/24 = 0.916667, R = 22/22 = 1, downtime 2/24 = 0.083333; day 2: all unknown → undefined.
    //   month: mean(up) = 22/48, mean(unknown) = 24/48, mean(down) = 2/48: A = 22/24 = 0.916667,
    //   R = 22 / (48 − 24 − 2) = 1, unknown 0.5 → fails the unknown target, so the exit code is 1.
    // Sites: LOCAL-1 has only LAKE-A and LOCAL-2 only LAKE-B: the same figures.
    // Link LAKE-A→LAKE-B http-pull: 3 / (3 + 1) = 0.75.

    [Fact]
    public async Task Sla_Table_ShowsTheHandComputedMonth()
    {
        var config = await ImportedConfigAsync();

        var result = await SlaAsync(config, "table");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal("""
            SLA 2026-10-01..2026-10-02, targets availability ≥ 80.00%, reliability ≥ 85.00%, unknown ≤ 10.00%

            SCOPE  NAME     SITE     MONTH    AVAILABILITY  RELIABILITY  UNKNOWN  DOWNTIME  TARGETS
            rse    LAKE-A   LOCAL-1  2026-10  95.45%        95.45%       8.33%    0.00%     pass
            rse    LAKE-B   LOCAL-2  2026-10  91.67%        100.00%      50.00%   4.17%     FAIL (unknown)
            site   LOCAL-1  LAKE-A   2026-10  95.45%        95.45%       8.33%    0.00%     pass
            site   LOCAL-2  LAKE-B   2026-10  91.67%        100.00%      50.00%   4.17%     FAIL (unknown)

            TPC links (success = (OK + WARNING) / (OK + WARNING + CRITICAL))

            SOURCE  DESTINATION  TPC_MODE   OK  WARNING  CRITICAL  UNKNOWN  SUCCESS
            LAKE-A  LAKE-B       http-pull  3   0        1         0        75.00%

            """, result.StandardOutput);
    }

    [Fact]
    public async Task Sla_Json_NamesFractionsAndNullForUndefined()
    {
        var config = await ImportedConfigAsync();

        var result = await SlaAsync(config, "json");

        Assert.True(result.ExitCode == 1, result.ToString());
        using var json = JsonDocument.Parse(result.StandardOutput);
        var root = json.RootElement;
        Assert.False(root.GetProperty("pass").GetBoolean());
        Assert.Equal(3600, root.GetProperty("slice_seconds").GetInt32());
        var a = root.GetProperty("rses")[0];
        Assert.Equal("LAKE-A", a.GetProperty("rse").GetString());
        var aMonth = a.GetProperty("monthly")[0];
        Assert.Equal((0.954545, 0.954545, 0.083333, 0.0, true),
            (aMonth.GetProperty("availability").GetDouble(), aMonth.GetProperty("reliability").GetDouble(),
             aMonth.GetProperty("unknown").GetDouble(), aMonth.GetProperty("downtime").GetDouble(), aMonth.GetProperty("pass").GetBoolean()));
        var aDay1 = a.GetProperty("daily")[0];
        Assert.Equal((0.9, 0.9, 0.166667), (aDay1.GetProperty("availability").GetDouble(), aDay1.GetProperty("reliability").GetDouble(), aDay1.GetProperty("unknown").GetDouble()));
        Assert.Equal((24, 18, 2, 4, 0), (aDay1.GetProperty("slices").GetProperty("total").GetInt32(), aDay1.GetProperty("slices").GetProperty("up").GetInt32(),
            aDay1.GetProperty("slices").GetProperty("critical").GetInt32(), aDay1.GetProperty("slices").GetProperty("unknown").GetInt32(),
            aDay1.GetProperty("slices").GetProperty("downtime").GetInt32()));
        var b = root.GetProperty("rses")[1];
        var bMonth = b.GetProperty("monthly")[0];
        Assert.Equal((0.916667, 1.0, 0.5, 0.041667), (bMonth.GetProperty("availability").GetDouble(), bMonth.GetProperty("reliability").GetDouble(),
            bMonth.GetProperty("unknown").GetDouble(), bMonth.GetProperty("downtime").GetDouble()));
        Assert.Equal(["unknown"], bMonth.GetProperty("failed").EnumerateArray().Select(e => e.GetString()));
        var bDay1 = b.GetProperty("daily")[0];
        Assert.Equal((0.916667, 1.0, 0.083333), (bDay1.GetProperty("availability").GetDouble(), bDay1.GetProperty("reliability").GetDouble(), bDay1.GetProperty("downtime").GetDouble()));
        var bDay2 = b.GetProperty("daily")[1];
        Assert.Equal(JsonValueKind.Null, bDay2.GetProperty("availability").ValueKind);
        Assert.Equal(JsonValueKind.Null, bDay2.GetProperty("reliability").ValueKind);
        Assert.Equal(1.0, bDay2.GetProperty("unknown").GetDouble());
        Assert.Equal(["LOCAL-1", "LOCAL-2"], root.GetProperty("sites").EnumerateArray().Select(s => s.GetProperty("site").GetString()));
        Assert.Equal(0.954545, root.GetProperty("sites")[0].GetProperty("monthly")[0].GetProperty("availability").GetDouble());
        var link = Assert.Single(root.GetProperty("links").EnumerateArray());
        Assert.Equal(("LAKE-A", "LAKE-B", "http-pull", 0.75),
            (link.GetProperty("src_rse").GetString(), link.GetProperty("dst_rse").GetString(), link.GetProperty("tpc_mode").GetString(), link.GetProperty("success_ratio").GetDouble()));
    }

    [Fact]
    public async Task Sla_Csv_HasEveryRowWithEmptyFieldsForUndefined()
    {
        var config = await ImportedConfigAsync();
        var output = Path.Combine(directory, "out", "sla.csv");

        var result = await SlaAsync(config, "csv", "--output", output);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal("", result.StandardOutput);
        Assert.Equal("""
            scope,name,site,tpc_mode,period,availability,reliability,unknown,downtime,success_ratio,pass,failed
            rse,LAKE-A,LOCAL-1,,2026-10,0.954545,0.954545,0.083333,0,,true,
            rse,LAKE-A,LOCAL-1,,2026-10-01,0.9,0.9,0.166667,0,,false,unknown
            rse,LAKE-A,LOCAL-1,,2026-10-02,1,1,0,0,,true,
            rse,LAKE-B,LOCAL-2,,2026-10,0.916667,1,0.5,0.041667,,false,unknown
            rse,LAKE-B,LOCAL-2,,2026-10-01,0.916667,1,0,0.083333,,true,
            rse,LAKE-B,LOCAL-2,,2026-10-02,,,1,0,,false,unknown
            site,LOCAL-1,LOCAL-1,,2026-10,0.954545,0.954545,0.083333,0,,true,
            site,LOCAL-1,LOCAL-1,,2026-10-01,0.9,0.9,0.166667,0,,false,unknown
            site,LOCAL-1,LOCAL-1,,2026-10-02,1,1,0,0,,true,
            site,LOCAL-2,LOCAL-2,,2026-10,0.916667,1,0.5,0.041667,,false,unknown
            site,LOCAL-2,LOCAL-2,,2026-10-01,0.916667,1,0,0.083333,,true,
            site,LOCAL-2,LOCAL-2,,2026-10-02,,,1,0,,false,unknown
            link,LAKE-A->LAKE-B,,http-pull,2026-10-01..2026-10-02,,,,,0.75,,

            """, await File.ReadAllTextAsync(output));
    }

    [Fact]
    public async Task Sla_Markdown_ShowsTheHandComputedMonth()
    {
        var config = await ImportedConfigAsync();

        var result = await SlaAsync(config, "markdown");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal("""
            # SLA 2026-10-01..2026-10-02

            Targets: targets availability ≥ 80.00%, reliability ≥ 85.00%, unknown ≤ 10.00%.

            ## Monthly

            | scope | name | site | month | availability | reliability | unknown | downtime | targets |
            |---|---|---|---|---|---|---|---|---|
            | rse | LAKE-A | LOCAL-1 | 2026-10 | 95.45% | 95.45% | 8.33% | 0.00% | pass |
            | rse | LAKE-B | LOCAL-2 | 2026-10 | 91.67% | 100.00% | 50.00% | 4.17% | FAIL (unknown) |
            | site | LOCAL-1 | LAKE-A | 2026-10 | 95.45% | 95.45% | 8.33% | 0.00% | pass |
            | site | LOCAL-2 | LAKE-B | 2026-10 | 91.67% | 100.00% | 50.00% | 4.17% | FAIL (unknown) |

            ## TPC links

            success = (OK + WARNING) / (OK + WARNING + CRITICAL)

            | source | destination | tpc_mode | ok | warning | critical | unknown | success |
            |---|---|---|---|---|---|---|---|
            | LAKE-A | LAKE-B | http-pull | 3 | 0 | 1 | 0 | 75.00% |

            """, result.StandardOutput);
    }

    [Fact]
    public async Task Sla_Html_IsSelfContainedWithTheHandComputedFigures()
    {
        var config = await ImportedConfigAsync();
        var output = Path.Combine(directory, "sla.html");

        var result = await SlaAsync(config, "html", "--output", output);

        Assert.True(result.ExitCode == 1, result.ToString());
        var html = await File.ReadAllTextAsync(output);
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Contains("<tr class=\"pass\"><td>rse</td><td>LAKE-A</td><td>LOCAL-1</td><td>2026-10</td><td class=\"num\">2</td><td class=\"num\">95.45%</td><td class=\"num\">95.45%</td><td class=\"num\">8.33%</td><td class=\"num\">0.00%</td><td>pass</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("<tr class=\"fail\"><td>rse</td><td>LAKE-B</td><td>LOCAL-2</td><td>2026-10</td><td class=\"num\">2</td><td class=\"num\">91.67%</td><td class=\"num\">100.00%</td><td class=\"num\">50.00%</td><td class=\"num\">4.17%</td><td>FAIL (unknown)</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("<title>LAKE-B 2026-10-02: availability undefined, reliability undefined, unknown 100.00%, downtime 0.00%</title>", html, StringComparison.Ordinal);
        Assert.Contains("<title>LAKE-A 2026-10-01: availability 90.00%, reliability 90.00%, unknown 16.67%, downtime 0.00%</title>", html, StringComparison.Ordinal);
        Assert.Contains("http-pull: 75.00% (3/4)", html, StringComparison.Ordinal);
        // Self-contained: the only URL is the SVG namespace, which is a name, not a fetch.
        Assert.DoesNotContain("src=", html, StringComparison.Ordinal);
        Assert.DoesNotContain("href=", html, StringComparison.Ordinal);
        Assert.DoesNotContain("@import", html, StringComparison.Ordinal);
        Assert.Equal(["http://www.w3.org/2000/svg"], System.Text.RegularExpressions.Regex.Matches(html, "https?://[^\"' )]+").Select(m => m.Value).Distinct());
    }

    [Fact]
    public async Task Sla_RseFilter_ReportsOneRseAndPassesWhenItMeetsItsTargets()
    {
        var config = await ImportedConfigAsync();

        var result = await SlaAsync(config, "json", "--rse", "LAKE-A");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.StandardOutput);
        Assert.Equal(["LAKE-A"], json.RootElement.GetProperty("rses").EnumerateArray().Select(r => r.GetProperty("rse").GetString()));
        Assert.Equal(0, json.RootElement.GetProperty("sites").GetArrayLength());
    }

    [Fact]
    public async Task Sla_SiteFilter_ReportsItsRsesItselfAndTheLinksTouchingIt()
    {
        var config = await ImportedConfigAsync();

        var result = await SlaAsync(config, "json", "--site", "LOCAL-2");

        Assert.True(result.ExitCode == 1, result.ToString());
        using var json = JsonDocument.Parse(result.StandardOutput);
        Assert.Equal(["LAKE-B"], json.RootElement.GetProperty("rses").EnumerateArray().Select(r => r.GetProperty("rse").GetString()));
        Assert.Equal(["LOCAL-2"], json.RootElement.GetProperty("sites").EnumerateArray().Select(r => r.GetProperty("site").GetString()));
        Assert.Equal(0.916667, json.RootElement.GetProperty("sites")[0].GetProperty("monthly")[0].GetProperty("availability").GetDouble());
        Assert.Equal(1, json.RootElement.GetProperty("links").GetArrayLength());
    }

    [Theory]
    [InlineData("--from", "2026-13-01", "lakemon sla: --from: '2026-13-01' is not a date (yyyy-MM-dd)")]
    [InlineData("--to", "2026-09-01", "lakemon sla: --to 2026-09-01 is before --from 2026-10-01")]
    public async Task Sla_BadDates_ExitTwo(string option, string value, string message)
    {
        var config = Path.Combine(directory, "lakemon.yaml");
        await File.WriteAllTextAsync(config, SlaScenario.Config("results.db"));
        string[] arguments = ["sla", "--from", "2026-10-01", "--to", "2026-10-02", "--config", config];
        arguments[Array.IndexOf(arguments, option) + 1] = value;

        var result = await LakemonAsync(arguments);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(message, result.StandardError.Trim());
    }

    [Fact]
    public async Task Sla_BadDowntimeFile_ExitsTwoNamingFileAndLine()
    {
        var config = await ImportedConfigAsync();
        var downtimes = Path.Combine(directory, "downtimes.xml");
        await File.WriteAllTextAsync(downtimes, "<results>\n<DOWNTIME>\n<HOSTNAME>LAKE-A</HOSTNAME>\n<START_DATE>soon</START_DATE>\n<END_DATE>1</END_DATE>\n<INSERT_DATE>1</INSERT_DATE>\n</DOWNTIME>\n</results>\n");

        var result = await SlaAsync(config, "json", "--downtimes", downtimes);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"{downtimes}:2: START_DATE: expected Unix seconds or an ISO 8601 time, got 'soon'", result.StandardError.Trim());
    }
}
