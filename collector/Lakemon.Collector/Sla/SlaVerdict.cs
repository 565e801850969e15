using Lakemon.Probes.Configuration;

namespace Lakemon.Collector.Sla;

/// <summary>
/// How figures compare with the targets. A target on an undefined figure is not judged (null): a month with no
/// knowledge at all fails on its unknown fraction instead.
/// </summary>
public sealed record SlaVerdict(bool? Availability, bool? Reliability, bool Unknown)
{
    public bool Pass => Availability != false && Reliability != false && Unknown;

    /// <summary>Names of the failed targets, in the order availability, reliability, unknown.</summary>
    public IReadOnlyList<string> Failed =>
    [
        .. Availability == false ? ["availability"] : Array.Empty<string>(),
        .. Reliability == false ? ["reliability"] : Array.Empty<string>(),
        .. Unknown ? Array.Empty<string>() : ["unknown"],
    ];

    public static SlaVerdict Of(SlaFigures figures, SlaTargets targets)
    {
        ArgumentNullException.ThrowIfNull(figures);
        ArgumentNullException.ThrowIfNull(targets);
        return new(
            figures.Availability is { } a ? a >= targets.Availability : null,
            figures.Reliability is { } r ? r >= targets.Reliability : null,
            figures.Unknown <= targets.Unknown);
    }
}
