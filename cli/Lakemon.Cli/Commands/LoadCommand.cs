using System.CommandLine;
using Lakemon.Probes.Results;
using Lakemon.Scenarios.Configuration;
using Lakemon.Scenarios.Engine;
using Lakemon.Scenarios.Reports;
using Lakemon.Scenarios.Rehearsals;

namespace Lakemon.Cli.Commands;

/// <summary>`lakemon load`: data-challenge rehearsals (issue 9). Exit 0 pass, 1 thresholds or a TPC target failed,
/// 2 bad usage or config (DESIGN.md §8).</summary>
internal static class LoadCommand
{
    public static Command Build()
    {
        var file = new Argument<string>("SCENARIO.yaml") { Description = "A rehearsal file (see `lakemon load list`)." };
        var report = new Option<string?>("--report") { Description = "Write load-report.{md,html,json,csv} and results.jsonl (every result, kind=challenge) to this directory." };
        var config = new Option<string?>("--config") { Description = "The lakemon configuration naming the RSEs (overrides the file's `config:`); without either, the local lake is used (and started if it is not up)." };
        var dir = LakeCommand.DirectoryOption();
        var keepLake = new Option<bool>("--keep-lake") { Description = "Leave a lake that this command started running afterwards." };
        var run = new Command("run", "Run a rehearsal: the scenarios side by side, live stats on stderr, the Markdown report on stdout. Exit 0 pass, 1 failed, 2 bad usage or config.")
        {
            file, report, config, dir, keepLake,
        };
        run.SetAction(async (parse, ct) => await LakeCommand.RunAsync(async () =>
        {
            var path = parse.GetValue(file)!;
            var explicitConfig = parse.GetValue(config);
            if (explicitConfig is null && RehearsalConfigLoader.Load(path) is { NeedsLakemonConfig: true })
            {
                return await ConfigSource.WithConfigAsync(null, parse.GetValue(dir)!, parse.GetValue(keepLake),
                    lakeConfig => RunAsync(path, lakeConfig, parse.GetValue(report), ct), ct);
            }
            return await RunAsync(path, explicitConfig, parse.GetValue(report), ct);
        }));
        var list = new Command("list", "List the rehearsal scenario types and their keys.");
        list.SetAction(async (_, _) =>
        {
            foreach (var (name, _, description) in RehearsalKinds.All)
            {
                await Console.Out.WriteLineAsync($"{name,-16} {description}");
            }
            return ExitCodes.Ok;
        });
        return new Command("load", "Data-challenge rehearsals: ramp load on the lake and check it holds.") { run, list };
    }

    internal static async Task<int> RunAsync(string path, string? lakemonConfig, string? reportDirectory, CancellationToken cancellationToken)
    {
        var loaded = RehearsalConfigLoader.Load(path, lakemonConfig);
        foreach (var error in loaded.Errors)
        {
            await Console.Error.WriteLineAsync(error.ToString());
        }
        if (!loaded.IsValid)
        {
            return ExitCodes.BadUsage;
        }
        var options = loaded.Options!;
        string? token = null;
        if (options.Collector is { } collector)
        {
            try
            {
                token = collector.TokenFile is not null
                    ? (await File.ReadAllTextAsync(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, collector.TokenFile), cancellationToken)).Trim()
                    : Environment.GetEnvironmentVariable(collector.TokenEnv!)?.Trim();
            }
            catch (IOException ex)
            {
                await Console.Error.WriteLineAsync($"{path}: collector.token_file: cannot read: {ex.Message}");
                return ExitCodes.BadUsage;
            }
            if (string.IsNullOrEmpty(token))
            {
                await Console.Error.WriteLineAsync($"{path}: collector: the ingest token is empty or not set");
                return ExitCodes.BadUsage;
            }
        }
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var view = new LiveLoadView(Console.Error, !Console.IsErrorRedirected);
        RehearsalOutcome outcome;
        try
        {
            outcome = await RehearsalRunner.RunAsync(options, loaded.Lake!, results =>
            {
                var sinks = new List<ILoadSink> { view };
                if (options.Collector is { } target)
                {
                    sinks.Add(new CollectorSink(results, target.Url, token!, http, Console.Error));
                }
                return sinks;
            }, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync(options.Cleanup
                ? "load: interrupted; what the rehearsal wrote has been deleted, no report"
                : "load: interrupted (cleanup: false, files are left in place), no report");
            return ExitCodes.Unhealthy;
        }
        if (reportDirectory is not null)
        {
            await LoadReportWriter.WriteAllAsync(outcome.Result, reportDirectory, cancellationToken);
            await using var jsonl = new StreamWriter(Path.Combine(reportDirectory, "results.jsonl"));
            foreach (var result in outcome.Results)
            {
                await jsonl.WriteLineAsync(ProbeResultJson.Serialize(result));
            }
        }
        await Console.Out.WriteAsync(LoadReportWriter.Markdown(outcome.Result));
        await Console.Error.WriteLineAsync($"load: run {outcome.Result.RunId}: {(outcome.Result.Passed ? "PASS" : "FAIL")}");
        return outcome.Result.Passed ? ExitCodes.Ok : ExitCodes.Unhealthy;
    }
}
