namespace Lakemon.Probes.Network;

/// <summary>
/// The figures of one latency test (DESIGN.md §8 names their JSON keys). <see cref="JitterSeconds"/> is the mean
/// absolute IPDV of RFC 3393/RFC 5481 §1.2 over round-trip times: |RTT(i) − RTT(i−1)| for every pair of consecutively
/// sent packets that both came back. <see cref="Reordered"/> counts packets that arrived after one sent later
/// (RFC 4737's reordered-packet notion); <see cref="Duplicates"/> counts extra copies of a sequence number.
/// <see cref="TrailingLost"/> is the run of lost packets at the end of the test, which tells a reflector that went
/// away from random loss.
/// </summary>
public sealed record LatencyMeasurement(
    int Sent,
    int Received,
    int Duplicates,
    int Reordered,
    DelayStatistics? Rtt,
    double? JitterSeconds,
    DelayStatistics? ForwardDelay,
    DelayStatistics? BackwardDelay,
    int TrailingLost)
{
    public double LossRatio => Sent == 0 ? 0 : (double)(Sent - Received) / Sent;

    /// <summary>
    /// Pure analysis of what came back: <paramref name="arrivals"/> in arrival order, sequence numbers 0..sent-1.
    /// </summary>
    public static LatencyMeasurement Analyze(int sent, IEnumerable<LatencySample> arrivals)
    {
        ArgumentNullException.ThrowIfNull(arrivals);
        var firsts = new Dictionary<uint, LatencySample>();
        var duplicates = 0;
        var reordered = 0;
        long highest = -1;
        foreach (var sample in arrivals)
        {
            if (sample.Sequence >= sent)
            {
                continue;
            }
            if (!firsts.TryAdd(sample.Sequence, sample))
            {
                duplicates++;
                continue;
            }
            if (sample.Sequence < highest)
            {
                reordered++;
            }
            highest = Math.Max(highest, sample.Sequence);
        }
        var bySequence = firsts.Values.OrderBy(s => s.Sequence).ToList();
        var variations = new List<double>();
        for (var i = 1; i < bySequence.Count; i++)
        {
            if (bySequence[i].Sequence == bySequence[i - 1].Sequence + 1)
            {
                variations.Add(Math.Abs(bySequence[i].RttSeconds - bySequence[i - 1].RttSeconds));
            }
        }
        var oneWay = bySequence.Count > 0 && bySequence.All(s => s.ForwardSeconds is not null && s.BackwardSeconds is not null);
        return new LatencyMeasurement(
            sent,
            bySequence.Count,
            duplicates,
            reordered,
            DelayStatistics.Of(bySequence.Select(s => s.RttSeconds)),
            variations.Count > 0 ? variations.Average() : null,
            oneWay ? DelayStatistics.Of(bySequence.Select(s => s.ForwardSeconds!.Value)) : null,
            oneWay ? DelayStatistics.Of(bySequence.Select(s => s.BackwardSeconds!.Value)) : null,
            (int)(sent - 1 - highest));
    }
}
