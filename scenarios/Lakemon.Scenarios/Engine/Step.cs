namespace Lakemon.Scenarios.Engine;

/// <summary>A named async function; a call that throws counts as failed with kind <c>probe_error</c>.</summary>
public sealed record Step(string Name, Func<StepContext, Task<StepResult>> Run);
