namespace Lakemon.Scenarios.Engine;

/// <summary>Runs scenarios side by side and hands their stats to the sinks.</summary>
public static class LoadRunner
{
    public static async Task<LoadRunResult> RunAsync(
        string runId,
        string kind,
        IReadOnlyList<Scenario> scenarios,
        IReadOnlyList<ILoadSink> sinks,
        ScenarioRunOptions? options,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scenarios);
        ArgumentNullException.ThrowIfNull(sinks);
        var started = DateTimeOffset.UtcNow;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var runners = scenarios.Select(s => new ScenarioRunner(s, options)).ToList();
        var results = await Task.WhenAll(runners.Select(r => r.RunAsync(
            async stats =>
            {
                foreach (var sink in sinks)
                {
                    await sink.SaveRealtimeAsync(runId, stats, cancellationToken);
                }
            },
            cancellationToken)));
        return new LoadRunResult(runId, kind, started, clock.Elapsed, results);
    }
}
