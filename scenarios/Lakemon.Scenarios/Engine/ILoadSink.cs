namespace Lakemon.Scenarios.Engine;

/// <summary>Where stats go while and after a run (NBomber's reporting sinks): real-time snapshots every few seconds,
/// then the final result.</summary>
public interface ILoadSink
{
    Task SaveRealtimeAsync(string runId, ScenarioStats stats, CancellationToken cancellationToken);

    Task SaveFinalAsync(LoadRunResult result, CancellationToken cancellationToken);
}
