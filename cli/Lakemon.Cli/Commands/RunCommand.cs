using System.CommandLine;
using Lakemon.Probes.Campaigns;
using Lakemon.Probes.Results;

namespace Lakemon.Cli.Commands;

internal static class RunCommand
{
    public static Command Build()
    {
        var config = new Option<string?>("--config") { Description = "A lakemon configuration; without it the local lake is used (and started if it is not up)." };
        var dir = LakeCommand.DirectoryOption();
        var keepLake = new Option<bool>("--keep-lake") { Description = "Leave a lake that this run started running afterwards." };
        var run = new Command("run", "The main job: probe every RSE door and TPC link of the configuration (default: the local lake) and report.") { config, dir, keepLake };
        run.SetAction(async (parse, ct) => await LakeCommand.RunAsync(async () =>
        {
            return await ConfigSource.WithConfigAsync(parse.GetValue(config), parse.GetValue(dir)!, parse.GetValue(keepLake),
                path => ProbeAsync(path, ct), ct);
        }));
        return run;
    }

    // Until the scheduler and collector exist (DESIGN.md §3), the main job is one campaign over the whole matrix.
    private static Task<int> ProbeAsync(string configPath, CancellationToken ct) =>
        ProbeCommand.RunCampaignAsync(configPath, new ProbeCommand.Request(PlanFilter.All, RunKind.Adhoc, null, null, null, null, PlanOnly: false, Table: true), ct);
}
