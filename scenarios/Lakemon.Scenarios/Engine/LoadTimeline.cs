namespace Lakemon.Scenarios.Engine;

/// <summary>What a scenario's simulations mean in time: the intended start of every open-model call, the closed
/// model's number of copies over time (ending with 0), and the total length. Offsets are from the scenario start.</summary>
public sealed record LoadTimeline(IReadOnlyList<TimeSpan> Injections, IReadOnlyList<ConcurrencyChange> Concurrency, TimeSpan Duration)
{
    public int MaxCopies => Concurrency.Count == 0 ? 0 : Concurrency.Max(c => c.Copies);
}
