using Lakemon.Lake;
using Lakemon.Probes.Configuration;

namespace Lakemon.Cli.Commands;

/// <summary>Where a command's configuration comes from: --config, or else the local lake — started when it is not up,
/// and stopped again afterwards when this command started it (unless --keep-lake).</summary>
internal static class ConfigSource
{
    public static async Task<int> WithConfigAsync(string? configPath, DirectoryInfo lakeDirectory, bool keepLake,
        Func<string, Task<int>> body, CancellationToken ct)
    {
        if (configPath is not null)
        {
            return await body(configPath);
        }
        var lake = new LocalLake(lakeDirectory.FullName, Console.Error);
        var before = await lake.StatusAsync(ct);
        var status = await lake.UpAsync(null, null, ct);
        await LakeCommand.PrintAsync(status, json: false);
        var startedHere = !before.Any(r => r.Healthy) && !keepLake;
        try
        {
            return await body(lake.ConfigPath);
        }
        finally
        {
            if (startedHere)
            {
                var stopped = await lake.DownAsync(wipe: false, CancellationToken.None);
                await Console.Error.WriteLineAsync($"lake: stopped the {stopped.Count} server(s) this command started (--keep-lake keeps them)");
            }
        }
    }

    /// <summary>Loads and validates a configuration; prints every problem as FILE:LINE: key: message and answers null
    /// when there was any (the caller exits 2).</summary>
    public static async Task<LakemonOptions?> LoadAsync(string configPath)
    {
        var loaded = ConfigLoader.Load(configPath);
        foreach (var error in loaded.Errors)
        {
            await Console.Error.WriteLineAsync(error.ToString());
        }
        return loaded.Options;
    }
}
