namespace Lakemon.Probes.Configuration;

/// <summary>Where an agent ships its results (`agent:`): the collector's base URL, the ingest token (from an
/// environment variable or a file) and the directory that buffers results while the collector is unreachable.</summary>
public sealed record AgentOptions(Uri Collector, string? TokenEnv, string? TokenFile, string SpoolDirectory)
{
    public const string DefaultSpoolName = "lakemon-spool";
}
