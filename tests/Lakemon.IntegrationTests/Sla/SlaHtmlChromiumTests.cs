using System.Text.Json.Nodes;
using Lakemon.IntegrationTests.Support;
using static Lakemon.IntegrationTests.Support.ProcessRunner;

namespace Lakemon.IntegrationTests.Sla;

/// <summary>
/// The HTML report as a reader sees it: loaded from file:// in headless Chromium (Debian's package), with no console
/// error, and its monthly table, heat-map and link matrix laid out with visible boxes and painted in the screenshot.
/// </summary>
public sealed class SlaHtmlChromiumTests : IDisposable
{
    private readonly string directory = TestDirectories.Create("sla-html");

    public void Dispose() => Directory.Delete(directory, recursive: true);

    /// <summary>Width, height and (for the heat-map) the number of day cells of each main element.</summary>
    private const string Layout = """
        (() => {
          const box = id => { const e = document.getElementById(id); if (!e) return null;
            const r = e.getBoundingClientRect(); const s = getComputedStyle(e);
            return { width: r.width, height: r.height, visible: s.visibility !== 'hidden' && s.display !== 'none' }; };
          return { monthly: box('monthly-table'), heatmap: box('heatmap-svg'), links: box('links-table'),
                   cells: document.querySelectorAll('#heatmap-svg rect.day').length,
                   rows: document.querySelectorAll('#monthly-table tbody tr').length };
        })()
        """;

    [Fact]
    public async Task HtmlReport_InHeadlessChromium_HasNoConsoleErrorsAndShowsTableHeatMapAndLinkMatrix()
    {
        var config = Path.Combine(directory, "lakemon.yaml");
        await File.WriteAllTextAsync(config, SlaScenario.Config("results.db"));
        var jsonl = Path.Combine(directory, "results.jsonl");
        await File.WriteAllTextAsync(jsonl, SlaScenario.Jsonl());
        Assert.Equal(0, (await LakemonAsync("results", "import", jsonl, "--config", config)).ExitCode);
        var html = Path.Combine(directory, "sla.html");
        var report = await LakemonAsync("sla", "--from", "2026-10-01", "--to", "2026-10-02", "--config", config, "--format", "html", "--output", html);
        Assert.True(report.ExitCode == 1, report.ToString());
        await using var chromium = await HeadlessChromium.StartAsync(directory);

        await chromium.LoadAsync(new Uri(html).AbsoluteUri);
        var layout = await chromium.EvaluateAsync(Layout);
        var screenshot = PngImage.Decode(await chromium.ScreenshotAsync());

        Assert.Empty(chromium.Errors);
        foreach (var part in new[] { "monthly", "heatmap", "links" })
        {
            var box = layout![part];
            Assert.True(box is not null && (bool)box["visible"]! && (double)box["width"]! > 50 && (double)box["height"]! > 20, $"{part}: {box?.ToJsonString() ?? "missing"}");
        }
        // 2 RSEs + 2 sites × 2 days; 2 RSE rows + 2 site rows in the monthly table.
        Assert.Equal(8, (int)layout!["cells"]!);
        Assert.Equal(4, (int)layout["rows"]!);
        // Painted, not blank: the heat-map's green (days ≥ target) and grey (undefined day) cells, 16 × 16 px each,
        // and the failed rows' red tint.
        Assert.True(screenshot.Count(0x2e, 0x7d, 0x32) >= 4 * 16 * 16, "no green heat-map cells in the screenshot");
        Assert.True(screenshot.Count(0xbd, 0xbd, 0xbd) >= 2 * 16 * 16, "no grey (undefined) heat-map cells in the screenshot");
        Assert.True(screenshot.Count(0xfb, 0xe3, 0xe3) > 1000, "no failed-row tint in the screenshot");
        Assert.True(screenshot.Count(0xff, 0xff, 0xff) < screenshot.Width * screenshot.Height, "the screenshot is all white");
    }

    [Fact]
    public async Task ErrorDetector_PageWithScriptErrors_ReportsThem()
    {
        // The control: the detector used above does see errors when a page has them.
        var page = Path.Combine(directory, "broken.html");
        await File.WriteAllTextAsync(page, """
            <!DOCTYPE html><html><head><title>broken</title></head><body><p>x</p>
            <script>console.error('deliberate console error');</script>
            <script>undefinedFunctionOfTheTest();</script>
            </body></html>
            """);
        await using var chromium = await HeadlessChromium.StartAsync(directory);

        await chromium.LoadAsync(new Uri(page).AbsoluteUri);
        await Polling.UntilAsync(() => Task.FromResult(chromium.Errors.Count), count => count >= 2, TimeSpan.FromSeconds(10));

        Assert.Contains(chromium.Errors, e => e.Contains("deliberate console error", StringComparison.Ordinal));
        Assert.Contains(chromium.Errors, e => e.Contains("undefinedFunctionOfTheTest is not defined", StringComparison.Ordinal));
    }
}
