namespace Lakemon.Scenarios.Engine;

/// <summary>Closed model: <paramref name="Copies"/> copies each run the scenario again as soon as it ends.</summary>
public sealed record KeepConstant(int Copies, TimeSpan During) : LoadSimulation(During);
