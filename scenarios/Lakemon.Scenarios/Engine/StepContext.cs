namespace Lakemon.Scenarios.Engine;

/// <summary>Given to a step: which call of the scenario this is (unique per scenario run), which closed-model copy runs
/// it (-1 in the open model), and the run's cancellation.</summary>
public sealed record StepContext(string ScenarioName, long InvocationNumber, int Copy, CancellationToken CancellationToken);
