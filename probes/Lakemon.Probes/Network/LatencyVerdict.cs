using Lakemon.Probes.Results;

namespace Lakemon.Probes.Network;

/// <summary>
/// The status of a latency test. A test that got nothing back, or whose answers stopped for good part-way through,
/// is UNKNOWN/timeout: lakemon cannot tell a dead link from a reflector that is not running, and showing it as
/// 100 % loss would open tickets against the network for a stopped process (DESIGN.md §2: a probe that could not
/// tell is UNKNOWN, never CRITICAL).
/// </summary>
public sealed record LatencyVerdict(ProbeStatus Status, FailureKind? FailureKind, string Message)
{
    // A trailing run of losses this improbable under the loss seen before it is not random loss: the reflector (or
    // the path) went away. 10^-6 keeps a 10 % lossy link from being mistaken for it until 6 packets in a row.
    private const double ImprobableTrailingRun = 1e-6;
    private const int MinimumTrailingRun = 10;

    public static LatencyVerdict Of(LatencyMeasurement measurement, NetworkThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(measurement);
        ArgumentNullException.ThrowIfNull(thresholds);
        if (measurement.Received == 0)
        {
            return new(ProbeStatus.Unknown, Results.FailureKind.Timeout,
                $"no answer to any of {measurement.Sent} test packets: reflector not running or path down");
        }
        var before = measurement.Sent - measurement.TrailingLost;
        var lossBefore = before == 0 ? 0 : (double)(before - measurement.Received) / before;
        if (measurement.TrailingLost >= MinimumTrailingRun && Math.Pow(lossBefore, measurement.TrailingLost) < ImprobableTrailingRun)
        {
            return new(ProbeStatus.Unknown, Results.FailureKind.Timeout,
                $"the reflector stopped answering after packet {before - 1}: the last {measurement.TrailingLost} of {measurement.Sent} packets got no answer");
        }
        var loss = measurement.LossRatio;
        var median = TimeSpan.FromSeconds(measurement.Rtt!.Median);
        var figures = FormattableString.Invariant($"loss {loss:P2}, median RTT {median.TotalMilliseconds:0.###} ms");
        if (loss >= thresholds.LossCritical || median >= thresholds.RttCritical)
        {
            return new(ProbeStatus.Critical, null, figures);
        }
        if (loss >= thresholds.LossWarning || median >= thresholds.RttWarning)
        {
            return new(ProbeStatus.Warning, null, figures);
        }
        return new(ProbeStatus.Ok, null, figures);
    }
}
