using Lakemon.IntegrationTests.Platform;
using Lakemon.IntegrationTests.Support;
using Lakemon.Tests.Configuration;
using Lakemon.Tests.Dashboards;
using Xunit;

namespace Lakemon.IntegrationTests.Dashboards;

/// <summary>
/// The shipped dashboards and rules against a live `lakemon run` on the local lake, scraped by a real Prometheus that
/// loads the shipped rule files. One RSE's xrootd is killed after the first cycle, as in a real outage: the "RSE
/// down" alert must fire for it (and only for it), and every panel query must find data.
/// </summary>
public sealed class LiveRunDashboardTests
{
    private static readonly string[] LiveDashboards =
        ["lakemon-overview.json", "lakemon-transfers.json", "lakemon-probe-detail.json", "lakemon-sla.json", "lakemon-network.json"];

    // What the status page's grid shows, read from its DOM.
    private const string Grid = """
        (() => {
          const rows = [...document.querySelectorAll('#storage tbody tr')];
          return {
            rses: rows.map(r => ({ rse: r.dataset.rse, status: r.dataset.status,
              cells: [...r.querySelectorAll('td.cell')].map(c => c.className.replace('cell ', '')),
              visible: r.getBoundingClientRect().height > 0 })),
            links: document.querySelectorAll('#links td.link span').length,
            updated: document.getElementById('updated').textContent,
          };
        })()
        """;

    [Fact]
    public async Task LiveRun_RseKilled_RseDownFiresForItAndEveryPanelQueryHasData()
    {
        await TestPackages.EnsureInstalledAsync("prometheus", "promtool");
        await using var lake = await RunningLake.StartAsync(3, "dashboards");
        var victim = lake.Rses[2];
        var config = Path.Combine(lake.Directory, "live.yaml");
        int reflector = FreePorts.Next(), throughput = FreePorts.Next();
        // Storage every 10 s and TPC every 30 s (Quartz cron, seconds first), so that "down for 2 cycles" is 20 s; the
        // SLA gauges are recomputed every 5 s instead of every 5 minutes; the three sites measure each other over loopback
        // (the run serves the reflector and the throughput server itself).
        await File.WriteAllTextAsync(config, await File.ReadAllTextAsync(Path.Combine(lake.Directory, "lakemon.yaml")) + $$"""

            schedules:
              storage: "*/10 * * * * ?"
              tpc: "*/30 * * * * ?"
              network: "*/15 * * * * ?"
              jitter: 0s
            probes:
              sizes: [1KiB]
            sla:
              refresh: "*/5 * * * * ?"
            network:
              sites:
                LOCAL-1: { reflector: "127.0.0.1:{{reflector}}", throughput_server: "127.0.0.1:{{throughput}}" }
                LOCAL-2: { reflector: "127.0.0.1:{{reflector}}", throughput_server: "127.0.0.1:{{throughput}}" }
                LOCAL-3: { reflector: "127.0.0.1:{{reflector}}", throughput_server: "127.0.0.1:{{throughput}}" }
              mesh: true
              count: 20
              interval: 5ms
              wait: 1s
              throughput_duration: 500ms
              reflector_listen: "127.0.0.1:{{reflector}}"
              throughput_server_listen: "127.0.0.1:{{throughput}}"
            """);
        var start = DateTimeOffset.UtcNow;
        await using var run = await LakemonNode.StartAsync(null, "run", "--config", config, "--listen", "127.0.0.1:0");
        var rules = Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "dashboards", "prometheus"), "*.rules.yml");
        await using var prometheus = await PrometheusServer.StartAsync(run.Address, rules);

        var checks = await prometheus.QueryUntilAsync("lakemon_probe_success == 1", s => s.Count >= 36, TimeSpan.FromSeconds(120));
        Assert.True(checks.Count >= 36, $"only {checks.Count} working checks before the kill\n{run.StandardError}");
        await prometheus.QueryUntilAsync("lakemon_transfer_success == 1", s => s.Count >= 18, TimeSpan.FromSeconds(120));

        // The status page before the outage: every RSE in the grid, all OK, painted green, no console error.
        await using var chromium = await HeadlessChromium.StartAsync(lake.Directory);
        await chromium.LoadAsync(run.Address.AbsoluteUri);
        var before = await Polling.UntilAsync(() => chromium.EvaluateAsync(Grid),
            grid => grid?["rses"]?.AsArray().Count == 3 && grid["links"]!.GetValue<int>() >= 18, TimeSpan.FromSeconds(30));
        Assert.Equal(lake.Rses.Select(r => r.Name), before!["rses"]!.AsArray().Select(r => (string)r!["rse"]!));
        Assert.All(before["rses"]!.AsArray(), r => Assert.True((string)r!["status"]! == "OK" && (bool)r["visible"]!, r.ToJsonString()));
        var green = PngImage.Decode(await chromium.ScreenshotAsync());
        Assert.True(green.Count(0x2e, 0x7d, 0x32) > 3 * 2 * 500, "the OK cells are not painted green in the screenshot");

        using (var server = System.Diagnostics.Process.GetProcessById(victim.Pid!.Value))
        {
            server.Kill();
            await server.WaitForExitAsync();
        }

        var alerts = await Polling.UntilAsync(prometheus.AlertsAsync,
            a => a.Any(x => x.Name == "LakemonRseDown" && x.State == "firing"), TimeSpan.FromSeconds(120));
        var down = alerts.Where(a => a.Name == "LakemonRseDown").ToList();
        Assert.True(down.Count == 1 && down[0].State == "firing", $"alerts: {string.Join("; ", alerts.Select(a => $"{a.Name} {a.State} {string.Join(',', a.Labels)}"))}");
        Assert.Equal(victim.Name, down[0].Labels["rse"]);
        Assert.Equal(victim.Site, down[0].Labels["site"]);
        Assert.Equal("critical", down[0].Labels["severity"]);

        // The status page after the next cycle: the killed RSE CRITICAL (every protocol), the others still OK.
        await chromium.LoadAsync(run.Address.AbsoluteUri);
        var after = await Polling.UntilAsync(() => chromium.EvaluateAsync(Grid),
            grid => grid?["rses"]?.AsArray().Any(r => (string)r!["rse"]! == victim.Name && (string)r["status"]! == "CRITICAL") == true,
            TimeSpan.FromSeconds(30));
        var rows = after!["rses"]!.AsArray().ToDictionary(r => (string)r!["rse"]!, r => r!);
        Assert.Equal("CRITICAL", (string)rows[victim.Name]["status"]!);
        Assert.All(rows[victim.Name]["cells"]!.AsArray(), c => Assert.Equal("CRITICAL", (string)c!));
        Assert.All(lake.Rses.Where(r => r != victim), r => Assert.Equal("OK", (string)rows[r.Name]["status"]!));
        var red = PngImage.Decode(await chromium.ScreenshotAsync());
        // The legend has red too: the victim's two cells must add at least two cells' worth (each is over 1,500 px).
        Assert.True(red.Count(0xc6, 0x28, 0x28) - green.Count(0xc6, 0x28, 0x28) > 2 * 1500, "the CRITICAL cells are not painted red in the screenshot");
        Assert.Empty(chromium.Errors);

        // Template variables as a user looking at the victim would set them; multi-value "All" is Grafana's ".*".
        var variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["site"] = victim.Site, ["rse"] = victim.Name, ["protocol"] = ".*", ["tpc_mode"] = ".*",
            ["src_site"] = ".*", ["dst_site"] = ".*",
            ["__range"] = "10m", ["__rate_interval"] = "1m", ["__interval"] = "15s",
        };
        var queries = LiveDashboards.SelectMany(file => PanelQueries(file, variables)).ToList();
        Assert.True(queries.Count >= 20, $"only {queries.Count} panel queries found");
        var empty = queries.ToList();
        await Polling.UntilAsync(async () =>
        {
            foreach (var query in empty.ToList())
            {
                if ((await prometheus.QueryRangeAsync(query.Expression, start, TimeSpan.FromSeconds(2))).Count > 0)
                {
                    empty.Remove(query);
                }
            }
            return empty.Count;
        }, count => count == 0, TimeSpan.FromSeconds(90));
        Assert.True(empty.Count == 0, "panel queries without data:\n" + string.Join("\n", empty.Select(q => $"{q.Panel}: {q.Expression}")));
        Assert.Equal(0, await run.StopAsync());
    }

    private static IEnumerable<(string Panel, string Expression)> PanelQueries(string file, IReadOnlyDictionary<string, string> variables) =>
        DashboardFiles.Panels(DashboardFiles.Load(Path.Combine(DashboardFiles.Directory, file)))
            .SelectMany(panel => DashboardFiles.Expressions(panel)
                .Select(expression => ($"{file} / {panel["title"]}", DashboardFiles.Substitute(expression, variables))));
}
