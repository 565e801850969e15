using Lakemon.Probes.Campaigns;
using Lakemon.Probes.Configuration;
using Lakemon.Probes.Results;
using Lakemon.Scenarios.Configuration;
using Lakemon.Scenarios.Engine;

namespace Lakemon.Scenarios.Rehearsals;

/// <summary>Runs a rehearsal end to end: scenarios side by side, cleanup whatever happened, the final verdict.</summary>
public static class RehearsalRunner
{
    public static async Task<RehearsalOutcome> RunAsync(
        RehearsalOptions options,
        LakemonOptions lake,
        Func<ChallengeResults, IReadOnlyList<ILoadSink>> sinks,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sinks);
        var runId = options.RunId ?? ProbePaths.NewRunId(DateTimeOffset.UtcNow);
        using var rehearsal = new Rehearsal(options, lake, runId);
        var attached = sinks(rehearsal.Results);
        LoadRunResult result;
        try
        {
            result = await LoadRunner.RunAsync(runId, RunKinds.ToWire(RunKind.Challenge), rehearsal.Scenarios, attached,
                new ScenarioRunOptions(options.ReportInterval), cancellationToken);
        }
        finally
        {
            if (options.Cleanup)
            {
                await rehearsal.CleanAsync(CancellationToken.None);
            }
        }
        result = result with { Details = rehearsal.Details(result) };
        foreach (var sink in attached)
        {
            await sink.SaveFinalAsync(result, CancellationToken.None);
        }
        return new RehearsalOutcome(result, rehearsal.Results.All, rehearsal.Cleanup);
    }
}
