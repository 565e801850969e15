using Lakemon.Probes.Configuration;
using Lakemon.Probes.Results;

namespace Lakemon.Collector.Sla;

/// <summary>
/// The truth tables of DESIGN.md §6 — the one place that says how statuses combine. AND is the worst in the order
/// OK &lt; WARNING &lt; UNKNOWN &lt; CRITICAL &lt; DOWNTIME; OR is the best in the order OK, WARNING, CRITICAL, UNKNOWN,
/// DOWNTIME, so that UNKNOWN OR CRITICAL = CRITICAL (a proven failure beats not knowing) and a scheduled downtime of one
/// member never hides the state of the others (ARGO's operations profile).
/// </summary>
public static class SlaTruthTable
{
    // Indexed by SlaStatus: the rank OR takes the minimum of.
    private static readonly byte[] OrRank = [0, 1, 3, 2, 4];

    public static SlaStatus And(SlaStatus left, SlaStatus right) => left >= right ? left : right;

    public static SlaStatus Or(SlaStatus left, SlaStatus right) => OrRank[(int)left] <= OrRank[(int)right] ? left : right;

    public static SlaStatus Combine(SlaProfileMode mode, SlaStatus left, SlaStatus right) =>
        mode == SlaProfileMode.And ? And(left, right) : Or(left, right);

    /// <summary>A probe's status as a slice status. DESIGN.md §2's severity order is the AND order here.</summary>
    public static SlaStatus Of(ProbeStatus status) => status switch
    {
        ProbeStatus.Ok => SlaStatus.Ok,
        ProbeStatus.Warning => SlaStatus.Warning,
        ProbeStatus.Unknown => SlaStatus.Unknown,
        ProbeStatus.Critical => SlaStatus.Critical,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <summary>Up for availability and reliability: OK and WARNING (a slow success is a success).</summary>
    public static bool IsUp(SlaStatus status) => status is SlaStatus.Ok or SlaStatus.Warning;
}
