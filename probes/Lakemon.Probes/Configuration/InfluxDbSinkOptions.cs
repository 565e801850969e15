namespace Lakemon.Probes.Configuration;

/// <summary>InfluxDB target: version 2 writes to <see cref="Org"/>/<see cref="Bucket"/>, version 1 to <see cref="Database"/>.</summary>
/// <param name="TokenEnv">Name of the environment variable holding the API token, read at start so it never sits in the file.</param>
public sealed record InfluxDbSinkOptions(Uri Url, int Version, string? Org, string? Bucket, string? TokenEnv, string? Database)
{
    public const int DefaultVersion = 2;
}
