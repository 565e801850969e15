namespace Lakemon.Scenarios.Engine;

/// <summary>Given to a step: which call of the scenario this is (unique per scenario run), which closed-model copy runs
/// it (-1 in the open model), and the run's cancellation. A value, not an object: one is made per call.</summary>
public readonly record struct StepContext(string ScenarioName, long InvocationNumber, int Copy, CancellationToken CancellationToken);
