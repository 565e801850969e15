using System.CommandLine;
using System.Text.Json;
using Lakemon.Lake;

namespace Lakemon.Cli.Commands;

internal static class LakeCommand
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static Command Build()
    {
        var lake = new Command("lake", "Run the local data lake: XRootD servers on loopback, one RSE each (root://, http, https, TPC).");
        lake.Subcommands.Add(BuildUp());
        lake.Subcommands.Add(BuildStatus());
        lake.Subcommands.Add(BuildDown());
        return lake;
    }

    internal static Option<DirectoryInfo> DirectoryOption() => new("--dir")
    {
        Description = "Lake directory (state, certificates, configs, data, logs). Default: $LAKEMON_LAKE_DIR, else /var/lib/lakemon/lake as root, else ~/.local/state/lakemon/lake.",
        DefaultValueFactory = _ => new DirectoryInfo(LocalLake.DefaultDirectory()),
    };

    private static Command BuildUp()
    {
        var dir = DirectoryOption();
        var rses = new Option<int?>("--rses") { Description = $"Number of RSEs (LAKE-A, LAKE-B, ...); default {LocalLake.DefaultRseCount}, or the running lake's size." };
        var basePort = new Option<int?>("--base-port")
        {
            Description = $"First port; RSE i listens on base+i (root, http and https share it). Default {LocalLake.DefaultBasePort}; 0 picks free ports.",
        };
        var json = new Option<bool>("--json") { Description = "Print the lake status as JSON on stdout." };
        var up = new Command("up", "Start the local lake (idempotent: starts only what is not running) and write DIR/lakemon.yaml.") { dir, rses, basePort, json };
        up.SetAction(async (parse, ct) => await RunAsync(async () =>
        {
            var local = new LocalLake(parse.GetValue(dir)!.FullName, Console.Error);
            var status = await local.UpAsync(parse.GetValue(rses), parse.GetValue(basePort), ct);
            await Console.Error.WriteLineAsync($"lake: config for lakemon at {local.ConfigPath}");
            await PrintAsync(status, parse.GetValue(json));
            return status.All(s => s.Healthy) ? ExitCodes.Ok : ExitCodes.Unhealthy;
        }));
        return up;
    }

    private static Command BuildStatus()
    {
        var dir = DirectoryOption();
        var json = new Option<bool>("--json") { Description = "Print a JSON array on stdout: name, site, pid, healthy, urls {root, http, https}, ..." };
        var status = new Command("status", "Show each RSE of the local lake: URLs, PID, health. Exit 0 when all are healthy, 1 otherwise.") { dir, json };
        status.SetAction(async (parse, ct) => await RunAsync(async () =>
        {
            var local = new LocalLake(parse.GetValue(dir)!.FullName, Console.Error);
            var rses = await local.StatusAsync(ct);
            if (rses.Count == 0)
            {
                await Console.Error.WriteLineAsync($"lake: no lake in {local.Directory} (run `lakemon lake up`)");
            }
            await PrintAsync(rses, parse.GetValue(json));
            return rses.Count > 0 && rses.All(s => s.Healthy) ? ExitCodes.Ok : ExitCodes.Unhealthy;
        }));
        return status;
    }

    private static Command BuildDown()
    {
        var dir = DirectoryOption();
        var wipe = new Option<bool>("--wipe") { Description = "Also delete the lake directory: data, certificates, configs and logs." };
        var down = new Command("down", "Stop exactly the servers `lake up` started (by PID); keep the data unless --wipe.") { dir, wipe };
        down.SetAction(async (parse, ct) => await RunAsync(async () =>
        {
            var local = new LocalLake(parse.GetValue(dir)!.FullName, Console.Error);
            var stopped = await local.DownAsync(parse.GetValue(wipe), ct);
            await Console.Error.WriteLineAsync(stopped.Count == 0
                ? $"lake: nothing running in {local.Directory}"
                : $"lake: stopped {stopped.Count} server(s), pids {string.Join(' ', stopped)}");
            if (parse.GetValue(wipe))
            {
                await Console.Error.WriteLineAsync($"lake: wiped {local.Directory}");
            }
            return ExitCodes.Ok;
        }));
        return down;
    }

    internal static async Task PrintAsync(IReadOnlyList<LakeRseStatus> rses, bool json)
    {
        if (json)
        {
            await Console.Out.WriteLineAsync(JsonSerializer.Serialize(rses, Json));
            return;
        }
        foreach (var rse in rses)
        {
            var health = rse.Healthy ? "healthy" : rse.Running ? "UNHEALTHY" : rse.Died ? "DIED" : "stopped";
            await Console.Error.WriteLineAsync($"{rse.Name,-8} {rse.Site,-9} pid {rse.Pid?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-",-7} {health,-9} {rse.Urls.Root}{rse.Prefix}  {rse.Urls.Https}{rse.Prefix}");
        }
        foreach (var rse in rses.Where(r => r.Died))
        {
            await Console.Error.WriteLineAsync($"lake: {rse.Name} exited without `lakemon lake down` (crashed or killed; see {rse.Log}); `lakemon lake up` restarts it");
        }
    }

    /// <summary>Lake errors are messages for the user, not stack traces; conflicts are usage errors (exit 2).</summary>
    internal static async Task<int> RunAsync(Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (LakeException e)
        {
            await Console.Error.WriteLineAsync($"lakemon: {e.Message}");
            return e.IsUsageError ? ExitCodes.BadUsage : ExitCodes.Unhealthy;
        }
    }
}
