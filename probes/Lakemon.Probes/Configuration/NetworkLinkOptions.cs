namespace Lakemon.Probes.Configuration;

/// <summary>One measured direction `src` → `dst` between two sites of `network.sites`.</summary>
public sealed record NetworkLinkOptions(string Source, string Destination);
