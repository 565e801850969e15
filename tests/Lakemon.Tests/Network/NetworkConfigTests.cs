using Lakemon.Probes.Configuration;
using Lakemon.Probes.Network;
using Lakemon.Tests.Configuration;

namespace Lakemon.Tests.Network;

public sealed class NetworkConfigTests
{
    [Fact]
    public void Parse_NetworkCase_BindsMeshLinksFromAndTheProbeSettings()
    {
        var options = ConfigLoader.Load(ConfigCases.FullPath("valid-network.yaml")).Options!;

        var network = options.Network!;
        Assert.Equal("0 */2 * * * ?", options.Schedules.Network.QuartzExpression);
        Assert.Equal(6, network.Links.Count);
        Assert.Equal(
            [
                new NetworkLink("LOCAL-1", "LOCAL-2", "10.0.0.2:8620", null),
                new NetworkLink("LOCAL-1", "LOCAL-3", "[fd00::3]:862", null, "10.0.0.3"),
            ],
            network.MeasuredLinks());
        Assert.Equal(new LatencyProbeOptions { Count = 500, Interval = TimeSpan.FromMilliseconds(5), Synchronized = true }, network.Latency);
        Assert.Equal(TimeSpan.FromSeconds(5), network.ThroughputDuration);
        Assert.Equal(4, network.Streams);
        Assert.True(network.Trace);
        Assert.Equal(new NetworkThresholds { LossWarning = 0.002, LossCritical = 0.02, RttWarning = TimeSpan.FromMilliseconds(50) }, network.Thresholds);
        Assert.Equal("0.0.0.0:862", network.ReflectorListen);
        Assert.Null(network.ThroughputServerListen);
    }

    [Fact]
    public void Parse_WithoutNetworkSection_NoNetworkAndDefaultSchedule()
    {
        var options = ConfigLoader.Load(ConfigCases.FullPath("valid-minimal.yaml")).Options!;

        Assert.Null(options.Network);
        Assert.Equal("*/5 * * * *", options.Schedules.Network.Expression);
    }
}
