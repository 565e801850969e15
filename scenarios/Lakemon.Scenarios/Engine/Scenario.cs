namespace Lakemon.Scenarios.Engine;

/// <summary>
/// Steps run in order on every call (a failed step ends the call), under the load its simulations describe. Init runs
/// before the load (e.g. seeding files to read), Clean after it, whatever happened (deleting everything written).
/// </summary>
public sealed record Scenario(string Name, IReadOnlyList<Step> Steps, IReadOnlyList<LoadSimulation> Simulations)
{
    public IReadOnlyList<Threshold> Thresholds { get; init; } = [];

    public Func<CancellationToken, Task>? Init { get; init; }

    public Func<CancellationToken, Task>? Clean { get; init; }

    public static Scenario Create(string name, Func<StepContext, Task<StepResult>> run, params LoadSimulation[] simulations) =>
        new(name, [new Step(name, run)], simulations);
}
