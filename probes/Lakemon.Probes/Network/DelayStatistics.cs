namespace Lakemon.Probes.Network;

/// <summary>
/// Summary of a set of delays in seconds. The median of an even count is the mean of the two middle values; p95 is
/// the nearest-rank percentile (the ⌈0.95·n⌉-th smallest), so it is always a delay that was actually measured.
/// </summary>
public sealed record DelayStatistics(double Min, double Median, double Mean, double P95, double Max)
{
    public static DelayStatistics? Of(IEnumerable<double> delays)
    {
        var sorted = delays.Order().ToArray();
        if (sorted.Length == 0)
        {
            return null;
        }
        var middle = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        var p95 = sorted[(int)Math.Ceiling(0.95 * sorted.Length) - 1];
        return new DelayStatistics(sorted[0], median, sorted.Average(), p95, sorted[^1]);
    }
}
