using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lakemon.Probes.Campaigns;
using Lakemon.Probes.Configuration;
using Lakemon.Probes.Results;
using Lakemon.Probes.Security;

namespace Lakemon.Cli.Commands;

/// <summary>
/// `lakemon janitor`: removes leftover probe files (DESIGN.md §2) from every enabled RSE of a configuration (default:
/// the local lake). Exit 0 when every RSE was cleaned, 1 when some RSE could not be, 2 for bad usage or config.
/// </summary>
internal static class JanitorCommand
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    public static Command Build()
    {
        var config = new Option<string?>("--config") { Description = "A lakemon configuration; without it the local lake is used (and started if it is not up)." };
        var dir = LakeCommand.DirectoryOption();
        var keepLake = new Option<bool>("--keep-lake") { Description = "Leave a lake that this command started running afterwards." };
        var olderThan = new Option<string?>("--older-than")
        {
            Description = "Remove probe files and run directories older than this (e.g. 1h, 2d; 0s removes everything under lakemon-probes). Default: probes.file_lifetime of the configuration.",
        };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON on stdout: one object per RSE with files, directories and bytes removed and the failures." };
        var janitor = new Command("janitor", "Delete leftover probe files (under <prefix>/lakemon-probes/) older than a lifetime on every enabled RSE.")
        {
            config, dir, keepLake, olderThan, json,
        };
        janitor.SetAction(async (parse, ct) =>
        {
            TimeSpan? lifetime = null;
            if (parse.GetValue(olderThan) is { } text)
            {
                if (!DurationParser.TryParse(text, out var parsed, out var error) || parsed < TimeSpan.Zero)
                {
                    await Console.Error.WriteLineAsync($"lakemon janitor: --older-than: {error ?? $"'{text}' is negative"}");
                    return ExitCodes.BadUsage;
                }
                lifetime = parsed;
            }
            return await LakeCommand.RunAsync(() => ConfigSource.WithConfigAsync(parse.GetValue(config), parse.GetValue(dir)!, parse.GetValue(keepLake),
                path => CleanAsync(path, lifetime, parse.GetValue(json), ct), ct));
        });
        return janitor;
    }

    private static async Task<int> CleanAsync(string configPath, TimeSpan? lifetime, bool json, CancellationToken ct)
    {
        if (await ConfigSource.LoadAsync(configPath) is not { } options)
        {
            return ExitCodes.BadUsage;
        }
        var report = await new ProbeJanitor(options, TimeProvider.System).CleanAsync(lifetime ?? options.Probes.FileLifetime, ct);
        foreach (var rse in report.Rses)
        {
            await Console.Error.WriteLineAsync(Summary(rse));
        }
        if (json)
        {
            await Console.Out.WriteLineAsync(ToJson(report).ToJsonString(Json));
        }
        return report.AllCleaned ? ExitCodes.Ok : ExitCodes.Unhealthy;
    }

    private static string Summary(JanitorRseReport rse)
    {
        var removed = string.Create(CultureInfo.InvariantCulture, $"{rse.FilesRemoved} files, {rse.DirectoriesRemoved} directories, {rse.BytesRemoved} bytes removed");
        if (rse.Protocol is null)
        {
            return $"{rse.Rse,-10} -      skipped: no door lakemon has a client for (nothing of lakemon's can be there)";
        }
        if (rse.Cleaned)
        {
            return $"{rse.Rse,-10} {rse.Protocol,-6} cleaned: {removed}";
        }
        var first = rse.Failures[0];
        var kinds = string.Join(", ", rse.Failures.Select(f => f.Kind.ToWire()).Distinct());
        return $"{rse.Rse,-10} {rse.Protocol,-6} FAILED ({kinds}): {removed}; {rse.Failures.Count} failure(s), first: {first.Operation} {SecretRedactor.Redact(first.Url.OriginalString)}: {first.Message}";
    }

    private static JsonObject ToJson(JanitorReport report) => new()
    {
        // ISO 8601 UTC with a Z, as started_at (DESIGN.md §2): an offset's '+' would come out JSON-escaped.
        ["now"] = report.Now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        ["older_than_seconds"] = report.Lifetime.TotalSeconds,
        ["cleaned"] = report.AllCleaned,
        ["rses"] = new JsonArray([.. report.Rses.Select(r => (JsonNode)new JsonObject
        {
            ["rse"] = r.Rse,
            ["protocol"] = r.Protocol,
            ["url"] = r.Area is null ? null : SecretRedactor.Redact(r.Area.OriginalString),
            ["cleaned"] = r.Cleaned,
            ["files_removed"] = r.FilesRemoved,
            ["directories_removed"] = r.DirectoriesRemoved,
            ["bytes_removed"] = r.BytesRemoved,
            ["failures"] = new JsonArray([.. r.Failures.Select(f => (JsonNode)new JsonObject
            {
                ["operation"] = f.Operation,
                ["url"] = SecretRedactor.Redact(f.Url.OriginalString),
                ["failure_kind"] = f.Kind.ToWire(),
                ["message"] = SecretRedactor.Redact(f.Message),
            })]),
        })]),
    };
}
