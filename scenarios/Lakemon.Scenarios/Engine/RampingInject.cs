namespace Lakemon.Scenarios.Engine;

/// <summary>Open model: the rate moves linearly from the previous segment's rate (0 after a closed-model segment, a
/// pause or at the start) to <paramref name="Rate"/> per <paramref name="Interval"/> over <paramref name="During"/>.</summary>
public sealed record RampingInject(int Rate, TimeSpan Interval, TimeSpan During) : LoadSimulation(During);
