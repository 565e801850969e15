using System.Globalization;
using Lakemon.IntegrationTests.Platform;
using Lakemon.IntegrationTests.Support;

namespace Lakemon.IntegrationTests.Network;

/// <summary>`lakemon run` with a `network` section: it runs the configured reflector itself, measures the link on
/// schedule, and the figures reach /metrics under the DESIGN.md §5 names.</summary>
public sealed class NetworkScheduleTests
{
    [Fact]
    public async Task Run_NetworkSection_ServesReflectorAndExportsLinkMetrics()
    {
        var directory = TestDirectories.Create("netrun");
        var port = FreePorts.Next();
        var config = Path.Combine(directory, "lakemon.yaml");
        await File.WriteAllTextAsync(config, string.Create(CultureInfo.InvariantCulture, $$"""
            sites:
              - name: LOCAL-1
              - name: LOCAL-2
            rses:
              - name: LAKE-A
                site: LOCAL-1
                protocols:
                  - scheme: file
                    prefix: file://{{directory}}/lake
            schedules:
              storage: "0 0 3 1 1 ?"
              tpc: "0 0 3 1 1 ?"
              janitor: "0 0 4 1 1 ?"
              network: "*/2 * * * * ?"
              jitter: 0s
            network:
              sites:
                LOCAL-1: { reflector: "127.0.0.1:{{port}}" }
                LOCAL-2: { reflector: "127.0.0.1:{{port}}" }
              links:
                - { src: LOCAL-1, dst: LOCAL-2 }
              count: 20
              interval: 5ms
              wait: 1s
              reflector_listen: "127.0.0.1:{{port}}"
            """));

        await using var run = await LakemonNode.StartAsync(null, "run", "--config", config, "--listen", "127.0.0.1:0");
        using var http = new HttpClient();
        var metricsUri = new Uri(run.Address, "/metrics");
        var scrape = await Polling.UntilAsync(() => http.GetStringAsync(metricsUri),
            text => text.Contains("lakemon_network_path_hops{", StringComparison.Ordinal) && text.Contains("lakemon_network_rtt_seconds{", StringComparison.Ordinal),
            TimeSpan.FromSeconds(60));

        const string link = "src_site=\"LOCAL-1\",dst_site=\"LOCAL-2\"";
        Assert.Contains($"lakemon_network_packet_loss_ratio{{{link}}} 0", scrape, StringComparison.Ordinal);
        Assert.Contains($"lakemon_network_rtt_seconds{{{link}}} ", scrape, StringComparison.Ordinal);
        Assert.Contains($"lakemon_network_path_hops{{{link}}} 1", scrape, StringComparison.Ordinal);
        Assert.Contains($"lakemon_network_path_changes_total{{{link}}} 0", scrape, StringComparison.Ordinal);
        Assert.Contains("network TWAMP-light reflector serving udp 127.0.0.1:", run.StandardError, StringComparison.Ordinal);
        Assert.Equal(0, await run.StopAsync());
    }
}
