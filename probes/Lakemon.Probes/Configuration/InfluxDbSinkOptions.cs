namespace Lakemon.Probes.Configuration;

/// <summary>InfluxDB target: version 2 writes to <see cref="Org"/>/<see cref="Bucket"/>, version 1 to <see cref="Database"/>.</summary>
/// <param name="TokenEnv">Name of the environment variable holding the API token, read at start so it never sits in the file.</param>
public sealed record InfluxDbSinkOptions(Uri Url, int Version, string? Org, string? Bucket, string? TokenEnv, string? Database)
{
    public const int DefaultVersion = 2;

    public const string DefaultSpoolName = "lakemon-influxdb-spool";

    /// <summary>1 GiB: at a few hundred bytes a point, days of a large matrix while InfluxDB is away.</summary>
    public const long DefaultSpoolMaxBytes = 1L << 30;

    /// <summary>Where points wait until InfluxDB acknowledged them (`spool`); by default next to the configuration file.</summary>
    public string SpoolDirectory { get; init; } = DefaultSpoolName;

    /// <summary>Bound on the waiting points (`spool_max_size`); past it the oldest are dropped, with an error in the log.</summary>
    public long SpoolMaxBytes { get; init; } = DefaultSpoolMaxBytes;
}
