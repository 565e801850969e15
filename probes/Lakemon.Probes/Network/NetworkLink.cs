namespace Lakemon.Probes.Network;

/// <summary>
/// One measured direction between two sites: probes run at <see cref="SourceSite"/> and measure towards the
/// destination site's reflector (latency, HOST[:PORT]), throughput server (HOST[:PORT]) and host (trace, the
/// reflector's host). A null address means that kind is not measured on this link.
/// </summary>
public sealed record NetworkLink(string SourceSite, string DestinationSite, string? Reflector, string? ThroughputServer);
