namespace Lakemon.Scenarios.Engine;

/// <summary>Nothing starts for <paramref name="During"/>; calls already running finish.</summary>
public sealed record Pause(TimeSpan During) : LoadSimulation(During);
