namespace Lakemon.Scenarios.Configuration;

/// <summary>A collector whose ingest API receives every result of the run as it happens (so the rehearsal shows live
/// in Prometheus/Grafana); the token is read from a file or an environment variable, never written in the file.</summary>
public sealed record CollectorTargetOptions(Uri Url, string? TokenFile, string? TokenEnv);
