namespace Lakemon.Probes.Network;

/// <summary>
/// One reflected packet as the sender saw it, in arrival order: the sequence number it was sent with, its round-trip
/// time without the reflector's turnaround ((T4 − T1) − (T3 − T2), RFC 5357 §4.1.2), and the one-way delays
/// T2 − T1 and T4 − T3 when both clocks are declared synchronised.
/// </summary>
public sealed record LatencySample(uint Sequence, double RttSeconds, double? ForwardSeconds = null, double? BackwardSeconds = null);
