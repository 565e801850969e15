namespace Lakemon.Probes.Configuration;

/// <summary>OTLP/HTTP export target and extra request headers (for example an auth token for a collector).</summary>
public sealed record OtlpSinkOptions(Uri Endpoint, IReadOnlyDictionary<string, string> Headers)
{
    public static Uri DefaultEndpoint { get; } = new("http://127.0.0.1:4318");
}
