using Lakemon.Probes.Results;

namespace Lakemon.Probes.Network;

/// <summary>
/// One throughput test: what the server received over all streams and how long the test took from the first
/// connect to the last server report (so bytes still queued in the sender's socket buffer when sending stopped are
/// counted, and their drain time too). Retransmits and RTT come from TCP_INFO of the sending sockets (summed, and
/// the mean of the smoothed RTTs).
/// </summary>
public sealed record ThroughputMeasurement(
    int Streams,
    long Bytes,
    double DurationSeconds,
    long? Retransmits,
    double? RttSeconds,
    ProbeStatus Status,
    FailureKind? FailureKind,
    string Message)
{
    public double BitsPerSecond => DurationSeconds > 0 ? Bytes * 8 / DurationSeconds : 0;
}
