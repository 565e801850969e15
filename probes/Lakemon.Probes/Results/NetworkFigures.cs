namespace Lakemon.Probes.Results;

/// <summary>
/// The figures of a network probe on a site→site link (operations latency, throughput, trace), carried in the one
/// optional <c>network</c> object of the §2 JSON form (DESIGN.md §2 extension): the same keys, with their units, as
/// `lakemon net probe --json` (DESIGN.md §8). Every figure is optional; a probe fills those it measured.
/// </summary>
public sealed record NetworkFigures
{
    /// <summary>Round-trip times: min, median, mean, p95, max in seconds.</summary>
    public IReadOnlyDictionary<string, double>? RttSeconds { get; init; }

    /// <summary>One-way delays source→destination (median, seconds), only when both clocks declared synchronisation.</summary>
    public double? OwdSeconds { get; init; }

    /// <summary>Mean absolute IPDV of consecutive packets' round trips, seconds.</summary>
    public double? JitterSeconds { get; init; }

    public double? LossRatio { get; init; }

    public long? Sent { get; init; }

    public long? Received { get; init; }

    public long? Duplicates { get; init; }

    public long? Reordered { get; init; }

    public double? ThroughputBitsPerSecond { get; init; }

    public long? Retransmits { get; init; }

    public double? TcpRttSeconds { get; init; }

    public long? PathHops { get; init; }

    /// <summary>Hash of the hop addresses in order; a changed value is a changed path.</summary>
    public string? PathFingerprint { get; init; }
}
