namespace Lakemon.Scenarios.Engine;

/// <summary>Open model: <paramref name="Rate"/> calls per <paramref name="Interval"/>, spread evenly, for
/// <paramref name="During"/>.</summary>
public sealed record Inject(int Rate, TimeSpan Interval, TimeSpan During) : LoadSimulation(During);
