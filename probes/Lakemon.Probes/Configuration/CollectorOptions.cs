namespace Lakemon.Probes.Configuration;

/// <summary>
/// The collector's web endpoints (`collector:`): one listener for /metrics, /healthz and the results API. The ingest
/// token comes from an environment variable or a file, never from the configuration itself; without one the results
/// API is not served.
/// </summary>
/// <param name="Host">An IPv6 address is held without brackets.</param>
/// <param name="Port">0 picks a free port, printed at start.</param>
public sealed record CollectorOptions(string Host, int Port, string? TokenEnv, string? TokenFile)
{
    public static CollectorOptions Default { get; } = new("127.0.0.1", 0, null, null);

    public string ListenUrl => $"http://{(Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]" : Host)}:{Port}";
}
