namespace Lakemon.Scenarios.Engine;

/// <summary>From <paramref name="At"/> (offset from the scenario start) on, <paramref name="Copies"/> copies run.</summary>
public readonly record struct ConcurrencyChange(TimeSpan At, int Copies);
