using Lakemon.Probes.Network;

namespace Lakemon.Probes.Configuration;

/// <summary>
/// The `network` section: the sites' probe endpoints, which links to measure (listed, or the full mesh of the sites in
/// <see cref="Sites"/>), how, and which servers this node runs itself. <see cref="From"/> restricts a node to the links
/// leaving its own site, so each site's agent measures its outgoing links.
/// </summary>
public sealed record NetworkOptions
{
    public IReadOnlyDictionary<string, NetworkSiteOptions> Sites { get; init; } = new Dictionary<string, NetworkSiteOptions>();

    public IReadOnlyList<NetworkLinkOptions> Links { get; init; } = [];

    public string? From { get; init; }

    public LatencyProbeOptions Latency { get; init; } = new();

    /// <summary>Null: no throughput tests (they load the link, so they are opted into).</summary>
    public TimeSpan? ThroughputDuration { get; init; }

    public int Streams { get; init; } = 1;

    public bool Trace { get; init; } = true;

    public NetworkThresholds Thresholds { get; init; } = new();

    /// <summary>When set, `lakemon run`/`agent` answer latency probes on this ADDR:PORT.</summary>
    public string? ReflectorListen { get; init; }

    /// <summary>When set, `lakemon run`/`agent` serve throughput tests on this ADDR:PORT.</summary>
    public string? ThroughputServerListen { get; init; }

    /// <summary>The links this node measures: the configured ones leaving <see cref="From"/> (all without it).</summary>
    public IEnumerable<NetworkLink> MeasuredLinks() => Links
        .Where(link => From is null || link.Source == From)
        .Select(link => Sites.GetValueOrDefault(link.Destination) is { } site
            ? new NetworkLink(link.Source, link.Destination, site.Reflector, site.ThroughputServer, site.Host)
            : new NetworkLink(link.Source, link.Destination, null, null));
}
