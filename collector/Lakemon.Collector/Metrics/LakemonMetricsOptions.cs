namespace Lakemon.Collector.Metrics;

/// <summary>
/// How long a check's last result holds (DESIGN.md §6): after its freshness the check is exposed as UNKNOWN, so a probe
/// family that stopped running cannot keep reporting its last OK forever.
/// </summary>
public sealed record LakemonMetricsOptions
{
    /// <summary>The freshness is this many schedule intervals (DESIGN.md §6: "default 2 × the schedule interval").</summary>
    public const int IntervalsPerFreshness = 2;

    /// <summary>Freshness of storage checks (upload, stat, ... on RSE × protocol); default for a 15 min schedule.</summary>
    public TimeSpan StorageFreshness { get; init; } = IntervalsPerFreshness * TimeSpan.FromMinutes(15);

    /// <summary>Freshness of transfer links (TPC src → dst × protocol × mode); default for an hourly matrix.</summary>
    public TimeSpan TransferFreshness { get; init; } = IntervalsPerFreshness * TimeSpan.FromHours(1);

    /// <summary>Freshness of network link figures (latency, throughput, trace); default for a 5 min schedule.</summary>
    public TimeSpan NetworkFreshness { get; init; } = IntervalsPerFreshness * TimeSpan.FromMinutes(5);

    /// <summary>The freshness of each family from its schedule interval.</summary>
    public static LakemonMetricsOptions ForIntervals(TimeSpan storageInterval, TimeSpan transferInterval) => new()
    {
        StorageFreshness = IntervalsPerFreshness * storageInterval,
        TransferFreshness = IntervalsPerFreshness * transferInterval,
    };

    internal void Validate()
    {
        if (StorageFreshness <= TimeSpan.Zero || TransferFreshness <= TimeSpan.Zero || NetworkFreshness <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(LakemonMetricsOptions),
                $"freshness must be positive (storage {StorageFreshness}, transfer {TransferFreshness}, network {NetworkFreshness})");
        }
    }
}
