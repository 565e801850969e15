using System.CommandLine;
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Lakemon.Collector.Store;
using Lakemon.Probes.Configuration;
using Lakemon.Probes.Results;

namespace Lakemon.Cli.Commands;

/// <summary>
/// `lakemon results import|export|prune`: backfill and migration of the result store in the JSON-lines form of DESIGN.md
/// §2, and its retention.
/// Without --config the store is <c>lakemon.db</c> in the local lake's directory, next to the lake's configuration —
/// the same rule as for any configuration without a <c>store:</c> section; the lake need not be running.
/// </summary>
internal static class ResultsCommand
{
    /// <summary>Results per transaction: one fsync per commit is negligible at this size, and a batch of JSON
    /// lines (a few MB) stays small in memory.</summary>
    private const int DefaultBatchSize = 10_000;

    private static readonly string[] TimeFormats =
    [
        "yyyy-MM-dd", "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
    ];

    public static Command Build() =>
        new("results", "Import and export stored probe results as JSON lines (one result per line, DESIGN.md §2).")
        {
            BuildImport(), BuildExport(), BuildPrune(),
        };

    private static Option<string?> ConfigOption() => new("--config")
    {
        Description = "A lakemon configuration; its store: section names the store. Without it: lakemon.db in the local lake's directory (--dir).",
    };

    private static Command BuildImport()
    {
        var file = new Argument<string>("FILE") { Description = "JSON lines, one result per line; blank lines are ignored." };
        var config = ConfigOption();
        var dir = LakeCommand.DirectoryOption();
        var batchSize = new Option<int>("--batch-size")
        {
            Description = $"Results stored per transaction (default {DefaultBatchSize}); a progress line on stderr follows each.",
            DefaultValueFactory = _ => DefaultBatchSize,
        };
        batchSize.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1)
            {
                result.AddError("--batch-size must be at least 1");
            }
        });
        var json = new Option<bool>("--json") { Description = "Print {\"results\", \"imported\", \"duplicates\"} on stdout." };
        var import = new Command("import",
            "Store every result of FILE; results already stored (same id) are skipped. Every line is checked first: any bad line is reported as FILE:LINE: problem and nothing is imported (exit 2).")
        {
            file, config, dir, batchSize, json,
        };
        import.SetAction(async (parse, ct) => await RunAsync("import", async () =>
        {
            if (await StoreOptionsAsync(parse.GetValue(config), parse.GetValue(dir)!) is not { } options)
            {
                return ExitCodes.BadUsage;
            }
            return await ImportAsync(parse.GetValue(file)!, options, parse.GetValue(batchSize), parse.GetValue(json), ct);
        }));
        return import;
    }

    private static Command BuildExport()
    {
        var config = ConfigOption();
        var dir = LakeCommand.DirectoryOption();
        var rse = new Option<string?>("--rse") { Description = "Only results about this RSE (a storage result's RSE or either end of a transfer)." };
        var site = new Option<string?>("--site") { Description = "Only results about this site (either end of a transfer)." };
        var operation = new Option<string?>("--operation") { Description = $"Only this operation: {string.Join(", ", ProbeOperations.All)}." };
        operation.AcceptOnlyFromAmong([.. ProbeOperations.All]);
        var kind = new Option<string?>("--kind") { Description = $"Only runs of this kind: {string.Join(", ", RunKinds.All)}." };
        kind.AcceptOnlyFromAmong([.. RunKinds.All]);
        var since = new Option<string?>("--since") { Description = "Only results started at or after this time: ISO 8601 (2026-11-29T04:00:00Z; UTC unless an offset is given) or a duration ago (24h, 7d)." };
        var until = new Option<string?>("--until") { Description = "Only results started before this time (same forms as --since)." };
        var limit = new Option<int?>("--limit") { Description = "At most this many results (the oldest)." };
        limit.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() < 1)
            {
                result.AddError("--limit must be at least 1");
            }
        });
        var output = new Option<string>("--output", "-o")
        {
            Description = "Write to this file (replaced only once the export is complete); - for stdout (default).",
            DefaultValueFactory = _ => "-",
        };
        var export = new Command("export", "Write stored results as JSON lines, oldest first.")
        {
            config, dir, rse, site, operation, kind, since, until, limit, output,
        };
        export.SetAction(async (parse, ct) => await RunAsync("export", async () =>
        {
            var now = DateTimeOffset.UtcNow;
            var problems = new List<string>();
            var sinceTime = ParseTime("--since", parse.GetValue(since), now, problems);
            var untilTime = ParseTime("--until", parse.GetValue(until), now, problems);
            if (problems.Count > 0)
            {
                foreach (var problem in problems)
                {
                    await Console.Error.WriteLineAsync($"lakemon results export: {problem}");
                }
                return ExitCodes.BadUsage;
            }
            if (await StoreOptionsAsync(parse.GetValue(config), parse.GetValue(dir)!) is not { } options)
            {
                return ExitCodes.BadUsage;
            }
            var query = new ResultQuery(
                parse.GetValue(rse),
                parse.GetValue(site),
                parse.GetValue(operation) is { } op && ProbeOperations.TryParse(op, out var o) ? o : null,
                parse.GetValue(kind) is { } k && RunKinds.TryParse(k, out var runKind) ? runKind : null,
                sinceTime,
                untilTime,
                parse.GetValue(limit));
            return await ExportAsync(query, options, parse.GetValue(output)!, ct);
        }));
        return export;
    }

    private static Command BuildPrune()
    {
        var config = ConfigOption();
        var dir = LakeCommand.DirectoryOption();
        var olderThan = new Option<string?>("--older-than")
        {
            Description = $"Delete results that started longer ago than this (e.g. 30d). Default: store.retention of the configuration ({DurationParser.Format(StoreOptions.DefaultRetention)} when unset).",
        };
        var json = new Option<bool>("--json") { Description = "Print {\"deleted\", \"cutoff\"} on stdout." };
        var prune = new Command("prune", "Apply the retention: delete stored results older than store.retention (or --older-than); run it from cron.")
        {
            config, dir, olderThan, json,
        };
        prune.SetAction(async (parse, ct) => await RunAsync("prune", async () =>
        {
            TimeSpan? lifetime = null;
            if (parse.GetValue(olderThan) is { } text)
            {
                if (!DurationParser.TryParse(text, out var parsed, out var error) || parsed <= TimeSpan.Zero)
                {
                    await Console.Error.WriteLineAsync($"lakemon results prune: --older-than: {error ?? $"'{text}' is not positive"}");
                    return ExitCodes.BadUsage;
                }
                lifetime = parsed;
            }
            if (await StoreOptionsAsync(parse.GetValue(config), parse.GetValue(dir)!) is not { } options)
            {
                return ExitCodes.BadUsage;
            }
            var cutoff = DateTimeOffset.UtcNow - (lifetime ?? options.Retention);
            await using var store = await ResultStoreFactory.OpenAsync(options, ct);
            var deleted = await store.DeleteOlderThanAsync(cutoff, ct);
            var stamp = cutoff.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"results prune: {deleted} results that started before {stamp} deleted from {ResultStoreFactory.Describe(options)}"));
            if (parse.GetValue(json))
            {
                await Console.Out.WriteLineAsync(JsonSerializer.Serialize(new Dictionary<string, object> { ["deleted"] = deleted, ["cutoff"] = stamp }));
            }
            return ExitCodes.Ok;
        }));
        return prune;
    }

    private static async Task<int> ImportAsync(string file, StoreOptions options, int batchSize, bool json, CancellationToken ct)
    {
        if (!File.Exists(file))
        {
            await Console.Error.WriteLineAsync($"lakemon results import: {file}: file not found");
            return ExitCodes.BadUsage;
        }
        var clock = Stopwatch.StartNew();
        // Checked whole before anything is stored, so that a bad file leaves the store untouched. The results are not
        // kept between the passes: a million of them would take a gigabyte.
        var count = 0L;
        var bad = 0;
        await foreach (var (line, text) in ReadLinesAsync(file, ct))
        {
            if (ProbeResultJson.TryParse(text, out _, out var error))
            {
                count++;
            }
            else
            {
                bad++;
                await Console.Error.WriteLineAsync($"{file}:{line}: {error}");
            }
        }
        if (bad > 0)
        {
            await Console.Error.WriteLineAsync($"lakemon results import: {bad} bad line(s) in {file}; nothing imported");
            return ExitCodes.BadUsage;
        }
        var checkedIn = clock.Elapsed;

        await using var store = await ResultStoreFactory.OpenAsync(options, ct);
        var storeClock = new Stopwatch();
        long imported = 0, duplicates = 0;
        async Task StoreAsync(List<ProbeResult> batch, long throughLine)
        {
            storeClock.Start();
            var added = await store.AddAsync(batch, ct);
            storeClock.Stop();
            imported += added;
            duplicates += batch.Count - added;
            // The batch is committed: a crash from here on loses none of it (scripts and the crash test rely on this line).
            await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"results import: stored through line {throughLine}: {added} new, {batch.Count - added} already stored"));
        }
        // The next batch is parsed while the previous one is stored (one batch in flight, so acknowledgements stay in
        // line order): parsing and storing each take one core.
        Task storing = Task.CompletedTask;
        var pending = new List<ProbeResult>(Math.Min(batchSize, 100_000));
        var lastLine = 0L;
        try
        {
            await foreach (var (line, text) in ReadLinesAsync(file, ct))
            {
                if (!ProbeResultJson.TryParse(text, out var result, out var error))
                {
                    await storing;
                    await Console.Error.WriteLineAsync($"{file}:{line}: {error}");
                    await Console.Error.WriteLineAsync($"lakemon results import: {file} changed while being imported; lines before {line} are stored");
                    return ExitCodes.BadUsage;
                }
                pending.Add(result);
                lastLine = line;
                if (pending.Count == batchSize)
                {
                    await storing;
                    var batch = pending;
                    storing = Task.Run(() => StoreAsync(batch, line), ct);
                    pending = new List<ProbeResult>(batch.Count);
                }
            }
        }
        finally
        {
            // Never leave a store call running behind the store's disposal, whatever ended the loop.
            await storing.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
        await storing;
        if (pending.Count > 0)
        {
            await StoreAsync(pending, lastLine);
        }
        var total = clock.Elapsed;
        await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"results import: {count} results from {file}: {imported} new, {duplicates} already stored, into {ResultStoreFactory.Describe(options)}"));
        await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"results import: checked in {checkedIn.TotalSeconds:F2} s, imported in {(total - checkedIn).TotalSeconds:F2} s; store time {storeClock.Elapsed.TotalSeconds:F2} s ({Rate(count, storeClock.Elapsed):F0} results/s)"));
        if (json)
        {
            await Console.Out.WriteLineAsync(JsonSerializer.Serialize(new Dictionary<string, long>
            {
                ["results"] = count,
                ["imported"] = imported,
                ["duplicates"] = duplicates,
            }));
        }
        return ExitCodes.Ok;
    }

    private static async Task<int> ExportAsync(ResultQuery query, StoreOptions options, string output, CancellationToken ct)
    {
        await using var store = await ResultStoreFactory.OpenAsync(options, ct);
        var toStdout = output == "-";
        // A file is written beside its final name and moved into place at the end, so an interrupted export never
        // leaves a truncated file that looks complete.
        var partial = toStdout ? null : $"{output}.partial-{Environment.ProcessId}";
        var count = 0L;
        try
        {
            await using (var stream = partial is null ? Console.OpenStandardOutput() : File.Create(partial))
            await using (var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" })
            {
                await foreach (var result in store.QueryAsync(query, ct))
                {
                    await writer.WriteLineAsync(ProbeResultJson.Serialize(result));
                    count++;
                }
            }
            if (partial is not null)
            {
                File.Move(partial, output, overwrite: true);
            }
        }
        finally
        {
            if (partial is not null)
            {
                File.Delete(partial);
            }
        }
        await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"results export: {count} results from {ResultStoreFactory.Describe(options)}{(toStdout ? "" : $" to {output}")}"));
        return ExitCodes.Ok;
    }

    /// <summary>Numbered non-blank lines; a missing file is a usage error like any other bad argument.</summary>
    private static async IAsyncEnumerable<(long Line, string Text)> ReadLinesAsync(string file, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        using var reader = new StreamReader(file, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        var line = 0L;
        while (await reader.ReadLineAsync(ct) is { } text)
        {
            line++;
            if (!string.IsNullOrWhiteSpace(text))
            {
                yield return (line, text);
            }
        }
    }

    private static async Task<StoreOptions?> StoreOptionsAsync(string? configPath, DirectoryInfo lakeDirectory) =>
        configPath is null ? StoreOptions.NextTo(lakeDirectory.FullName) : (await ConfigSource.LoadAsync(configPath))?.Store;

    private static DateTimeOffset? ParseTime(string option, string? text, DateTimeOffset now, List<string> problems)
    {
        if (text is null)
        {
            return null;
        }
        if (DateTimeOffset.TryParseExact(text, TimeFormats, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            return time;
        }
        if (DurationParser.TryParse(text, out var ago, out _) && ago >= TimeSpan.Zero)
        {
            return now - ago;
        }
        problems.Add($"{option}: '{text}' is neither an ISO 8601 time (2026-11-29, 2026-11-29T04:00:00Z) nor a duration ago (30m, 24h, 7d)");
        return null;
    }

    private static double Rate(long count, TimeSpan elapsed) => elapsed > TimeSpan.Zero ? count / elapsed.TotalSeconds : 0;

    /// <summary>Store problems are messages, not stack traces: the configuration's (exit 2) or the database's (exit 1).</summary>
    private static async Task<int> RunAsync(string verb, Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (Exception e) when (e is ResultStoreException or FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"lakemon results {verb}: {e.Message}");
            return ExitCodes.BadUsage;
        }
        catch (Exception e) when (e is DbException or IOException or InvalidDataException)
        {
            await Console.Error.WriteLineAsync($"lakemon results {verb}: {e.Message}");
            return ExitCodes.Unhealthy;
        }
    }
}
