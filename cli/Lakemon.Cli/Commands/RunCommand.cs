using System.CommandLine;
using System.Globalization;
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
            return await ConfigSource.WithConfigAsync(parse.GetValue(config), parse.GetValue(dir)!, parse.GetValue(keepLake),
                path => ProbeAsync(path, ct), ct);
        }));
        return run;
    }

    private static async Task<int> ProbeAsync(string configPath, CancellationToken ct)
    {
        if (await ConfigSource.LoadAsync(configPath) is not { } options)
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
