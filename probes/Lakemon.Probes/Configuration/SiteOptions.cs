namespace Lakemon.Probes.Configuration;

/// <summary>A site (a computing centre) that hosts one or more RSEs.</summary>
public sealed record SiteOptions(string Name, string? Description);
