namespace Lakemon.Probes.Configuration;

/// <summary>Where a site answers network probes (`network.sites.NAME`): its TWAMP-light reflector and its throughput
/// server, each HOST[:PORT]; null when the site runs none.</summary>
public sealed record NetworkSiteOptions(string? Reflector, string? ThroughputServer);
