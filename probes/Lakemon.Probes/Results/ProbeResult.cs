using Lakemon.Probes.Configuration;
using Lakemon.Probes.Security;

namespace Lakemon.Probes.Results;

/// <summary>
/// One attempt of one operation on one target: the immutable result record of DESIGN.md §2. Its JSON form
/// (<see cref="ProbeResultJson"/>) is a public contract. A storage probe fills <see cref="Rse"/>/<see cref="Site"/>;
/// a transfer fills the src/dst pairs and <see cref="TpcMode"/>. The message is redacted on the way in, so no
/// token or signed URL can leave through a result.
/// </summary>
public sealed record ProbeResult
{
    /// <summary>Unique per result, so a resend to the collector is idempotent.</summary>
    public required string Id { get; init; }

    public required string RunId { get; init; }

    public required RunKind Kind { get; init; }

    public required ProbeOperation Operation { get; init; }

    public string? Rse { get; init; }

    public string? Site { get; init; }

    public string? SrcRse { get; init; }

    public string? DstRse { get; init; }

    public string? SrcSite { get; init; }

    public string? DstSite { get; init; }

    public required string Protocol { get; init; }

    public TpcMode? TpcMode { get; init; }

    public long? SizeBytes { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required TimeSpan Duration { get; init; }

    /// <summary>Phase name → time spent, in the order the phases were first entered.</summary>
    public IReadOnlyList<KeyValuePair<string, TimeSpan>> Phases { get; init; } = [];

    public long? Bytes { get; init; }

    public double? ThroughputBytesPerSecond { get; init; }

    public required ProbeStatus Status { get; init; }

    /// <summary>Absent when <see cref="Status"/> is OK or WARNING (a slow success has no failure).</summary>
    public FailureKind? FailureKind { get; init; }

    public string? Message
    {
        get;
        init => field = value is null ? null : SecretRedactor.Redact(value);
    }

    public string? ChecksumExpected { get; init; }

    public string? ChecksumActual { get; init; }

    /// <summary>The figures of a network probe (latency, throughput, trace on a site→site link); null otherwise.</summary>
    public NetworkFigures? Network { get; init; }

    /// <summary>The RSE(s) a result is about: its own, or both ends of a transfer.</summary>
    public IEnumerable<string> Rses => Rse is not null ? [Rse] : new[] { SrcRse, DstRse }.OfType<string>();

    /// <summary>How a transfer moved the bytes: its TPC mode's wire name, or its protocol when it names no mode.</summary>
    public string Mode => TpcMode is { } mode ? TpcModeNames.ToWire(mode) : Protocol;

    /// <summary>A short human name of the target: "LAKE-A root", "LAKE-A→LAKE-B http-pull" or, for a network link,
    /// "SITE-1→SITE-2 latency".</summary>
    public string Target => Rse is not null ? $"{Rse} {Protocol}"
        : SrcRse is null && DstRse is null ? $"{SrcSite}→{DstSite} {Operation.ToWire()}"
        : $"{SrcRse}→{DstRse} {Mode}";
}
