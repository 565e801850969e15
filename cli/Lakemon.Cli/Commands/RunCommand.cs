using System.CommandLine;
using System.Globalization;
using Lakemon.Lake;
using Lakemon.Probes.Configuration;
using Lakemon.Probes.Smoke;

namespace Lakemon.Cli.Commands;

internal static class RunCommand
{
    public static Command Build()
    {
        var config = new Option<string?>("--config") { Description = "A lakemon configuration; without it the local lake is used (and started if it is not up)." };
        var dir = LakeCommand.DirectoryOption();
        var keepLake = new Option<bool>("--keep-lake") { Description = "Leave a lake that this run started running afterwards." };
        var run = new Command("run", "The main job: probe every RSE door of the configuration (default: the local lake) and report.") { config, dir, keepLake };
        run.SetAction(async (parse, ct) => await LakeCommand.RunAsync(async () =>
        {
            var configPath = parse.GetValue(config);
            LocalLake? startedLake = null;
            if (configPath is null)
            {
                var lake = new LocalLake(parse.GetValue(dir)!.FullName, Console.Error);
                var before = await lake.StatusAsync(ct);
                var status = await lake.UpAsync(null, null, ct);
                await LakeCommand.PrintAsync(status, json: false);
                if (!before.Any(r => r.Healthy) && !parse.GetValue(keepLake))
                {
                    startedLake = lake;
                }
                configPath = lake.ConfigPath;
            }
            try
            {
                return await ProbeAsync(configPath, ct);
            }
            finally
            {
                if (startedLake is not null)
                {
                    var stopped = await startedLake.DownAsync(wipe: false, CancellationToken.None);
                    await Console.Error.WriteLineAsync($"lake: stopped the {stopped.Count} server(s) this run started (--keep-lake keeps them)");
                }
            }
        }));
        return run;
    }

    private static async Task<int> ProbeAsync(string configPath, CancellationToken ct)
    {
        var loaded = ConfigLoader.Load(configPath);
        foreach (var error in loaded.Errors)
        {
            await Console.Error.WriteLineAsync(error.ToString());
        }
        if (loaded.Options is not { } options)
        {
            return ExitCodes.BadUsage;
        }
        var runId = DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + "-adhoc";
        await Console.Error.WriteLineAsync($"run {runId}: {options.Rses.Count(r => r.Enabled)} RSEs from {configPath}");
        var results = await new SmokeRound(options, runId).RunAsync(ct);
        foreach (var r in results)
        {
            await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{r.Rse,-10} {r.Protocol,-6} {r.Operation,-13} {r.Status.ToString().ToUpperInvariant(),-8} {r.Duration.TotalSeconds,8:0.000}s  {r.Message}"));
        }
        var failed = results.Count(r => r.Status == SmokeStatus.Failed);
        await Console.Error.WriteLineAsync($"run {runId}: {results.Count(r => r.Status == SmokeStatus.Ok)} ok, {failed} failed, {results.Count(r => r.Status == SmokeStatus.Skipped)} skipped");
        return failed == 0 ? ExitCodes.Ok : ExitCodes.Unhealthy;
    }
}
