namespace Lakemon.Scenarios.Engine;

/// <summary>Stats of one scenario: <see cref="Calls"/> covers whole calls (all steps), <see cref="Steps"/> each step.</summary>
public sealed record ScenarioStats(string Name, TimeSpan Duration, StepStats Calls, IReadOnlyList<StepStats> Steps)
{
    public StepStats Step(string name) => Steps.FirstOrDefault(s => s.Name == name)
        ?? throw new KeyNotFoundException($"scenario {Name} has no step {name}");
}
