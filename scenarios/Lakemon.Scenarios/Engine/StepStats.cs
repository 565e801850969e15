namespace Lakemon.Scenarios.Engine;

/// <summary>A snapshot of one step (or of whole scenario calls) over <see cref="Duration"/>.</summary>
public sealed record StepStats(
    string Name,
    long OkCount,
    long FailCount,
    long Bytes,
    TimeSpan Duration,
    LatencyStats Latency,
    IReadOnlyDictionary<string, long> FailureKinds)
{
    public long RequestCount => OkCount + FailCount;

    public double Rps => Duration > TimeSpan.Zero ? RequestCount / Duration.TotalSeconds : 0;

    public double OkRps => Duration > TimeSpan.Zero ? OkCount / Duration.TotalSeconds : 0;

    public double FailRatio => RequestCount == 0 ? 0 : (double)FailCount / RequestCount;

    public double BytesPerSecond => Duration > TimeSpan.Zero ? Bytes / Duration.TotalSeconds : 0;
}
