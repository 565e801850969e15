using System.CommandLine;
using Lakemon.Collector.Hosting;
using Lakemon.Probes.Campaigns;
using Lakemon.Probes.Results;

namespace Lakemon.Cli.Commands;

/// <summary>`lakemon run`: the embedded default (DESIGN.md §3) — scheduler, probes, collector and web in one process;
/// with --once, a single campaign with a result table and an exit code.</summary>
internal static class RunCommand
{
    public static Command Build()
    {
        var config = new Option<string?>("--config") { Description = "A lakemon configuration; without it the local lake is used (and started if it is not up)." };
        var dir = LakeCommand.DirectoryOption();
        var keepLake = new Option<bool>("--keep-lake") { Description = "Leave a lake that this run started running afterwards." };
        var listen = ListenOption();
        var jsonLogs = JsonLogsOption();
        var once = new Option<bool>("--once") { Description = "Run one campaign over the whole matrix, print every result and exit (0 all OK/WARNING, 1 otherwise)." };
        var run = new Command("run", "The main job on the configuration (default: the local lake): scheduled probes, result store, /metrics, results API and /healthz on one port, until Ctrl-C.")
        {
            config, dir, keepLake, listen, jsonLogs, once,
        };
        run.SetAction(async (parse, ct) => await LakeCommand.RunAsync(async () =>
            await ConfigSource.WithConfigAsync(parse.GetValue(config), parse.GetValue(dir)!, parse.GetValue(keepLake),
                path => parse.GetValue(once) ? OnceAsync(path, ct) : ServeAsync(path, parse.GetValue(listen), parse.GetValue(jsonLogs), ct), ct)));
        return run;
    }

    internal static Option<bool> JsonLogsOption() => new("--log-json")
    {
        Description = "Write logs to stderr as JSON lines (timestamp, level, category, message and its named values) for a log shipper.",
    };

    internal static Option<string?> ListenOption() => new("--listen")
    {
        Description = "Where the web endpoints listen, host:port (port 0 = a free port, printed at start). Default: collector.listen of the configuration, else 127.0.0.1:0.",
    };

    private static Task<int> OnceAsync(string configPath, CancellationToken ct) =>
        ProbeCommand.RunCampaignAsync(configPath, new ProbeCommand.Request(PlanFilter.All, RunKind.Adhoc, null, null, null, null, PlanOnly: false, Table: true), ct);

    private static async Task<int> ServeAsync(string configPath, string? listen, bool jsonLogs, CancellationToken ct)
    {
        if (await ConfigSource.LoadAsync(configPath) is not { } options)
        {
            return ExitCodes.BadUsage;
        }
        var token = PlatformServer.IngestToken(options, out var error);
        if (error is not null)
        {
            return await PlatformServer.FailAsync("run", error);
        }
        return await PlatformServer.ServeAsync("run", new PlatformOptions(options, options.Store)
        {
            Listen = listen is null ? options.Collector.ListenUrl : $"http://{listen}",
            IngestToken = token,
            JsonLogs = jsonLogs,
        }, ct);
    }
}
