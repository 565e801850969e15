namespace Lakemon.Probes.Results;

/// <summary>
/// How bad a <see cref="ProbeStatus"/> is: OK &lt; WARNING &lt; UNKNOWN &lt; CRITICAL, the order of DESIGN.md §6 in
/// which "worst" (the AND of a profile, the cell of a report) is taken. It differs from the numeric values of
/// <see cref="ProbeStatus"/>, which are fixed by the metrics contract.
/// </summary>
public static class ProbeStatusSeverity
{
    /// <summary>Orders statuses from the mildest to the worst.</summary>
    public static IComparer<ProbeStatus> Comparer { get; } =
        Comparer<ProbeStatus>.Create((x, y) => x.Severity().CompareTo(y.Severity()));

    /// <summary>0 for OK up to 3 for CRITICAL.</summary>
    public static int Severity(this ProbeStatus status) => status switch
    {
        ProbeStatus.Ok => 0,
        ProbeStatus.Warning => 1,
        // Not knowing is worse than being slow but better than a proven failure (DESIGN.md §6).
        ProbeStatus.Unknown => 2,
        ProbeStatus.Critical => 3,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <summary>The worst of at least one status.</summary>
    public static ProbeStatus Worst(this IEnumerable<ProbeStatus> statuses)
    {
        ArgumentNullException.ThrowIfNull(statuses);
        using var each = statuses.GetEnumerator();
        if (!each.MoveNext())
        {
            throw new ArgumentException("no status to take the worst of", nameof(statuses));
        }
        var worst = each.Current;
        while (each.MoveNext())
        {
            if (each.Current.Severity() > worst.Severity())
            {
                worst = each.Current;
            }
        }
        return worst;
    }
}
