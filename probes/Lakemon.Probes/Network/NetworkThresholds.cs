namespace Lakemon.Probes.Network;

/// <summary>
/// perfSONAR-like limits that turn network figures into a status: loss at or above <see cref="LossWarning"/> is
/// WARNING, at or above <see cref="LossCritical"/> CRITICAL (0.1 % and 1 % by default, as ratios); the optional RTT
/// limits apply to the median round trip.
/// </summary>
public sealed record NetworkThresholds
{
    public double LossWarning { get; init; } = 0.001;

    public double LossCritical { get; init; } = 0.01;

    public TimeSpan? RttWarning { get; init; }

    public TimeSpan? RttCritical { get; init; }
}
