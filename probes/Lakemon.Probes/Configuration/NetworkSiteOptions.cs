namespace Lakemon.Probes.Configuration;

/// <summary>Where a site answers network probes (`network.sites.NAME`): its TWAMP-light reflector and its throughput
/// server, each HOST[:PORT], null when the site runs none; <see cref="Host"/>, a host that answers ICMP echo, is the
/// latency fallback without a reflector and the trace target.</summary>
public sealed record NetworkSiteOptions(string? Reflector, string? ThroughputServer, string? Host = null);
