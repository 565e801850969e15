namespace Lakemon.Scenarios.Engine;

/// <summary>Closed model: the number of copies moves one by one, at evenly spaced instants, from the previous segment's
/// (0 after an open-model segment, a pause or at the start) to <paramref name="Copies"/> over <paramref name="During"/>.</summary>
public sealed record RampingConstant(int Copies, TimeSpan During) : LoadSimulation(During);
