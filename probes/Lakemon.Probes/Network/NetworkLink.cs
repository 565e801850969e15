namespace Lakemon.Probes.Network;

/// <summary>
/// One measured direction between two sites: probes run at <see cref="SourceSite"/> and measure towards the
/// destination site's reflector (latency, HOST[:PORT]), throughput server (HOST[:PORT]) and host (trace, the
/// reflector's host). <see cref="Host"/> is the destination's plain host for the ICMP echo fallback (latency when it
/// has no reflector) and for traces. A null address means that kind is not measured on this link.
/// </summary>
public sealed record NetworkLink(string SourceSite, string DestinationSite, string? Reflector, string? ThroughputServer, string? Host = null)
{
    /// <summary>Where a trace goes: the host, else the reflector's or the throughput server's.</summary>
    public string? TraceTarget => Host ?? Reflector ?? ThroughputServer;
}
