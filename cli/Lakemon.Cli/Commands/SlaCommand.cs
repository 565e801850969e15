using System.CommandLine;
using System.Data.Common;
using System.Globalization;
using Lakemon.Collector.Sla;
using Lakemon.Collector.Sla.Reports;
using Lakemon.Collector.Store;
using Lakemon.Lake;
using Lakemon.Probes.Configuration;

namespace Lakemon.Cli.Commands;

/// <summary>
/// `lakemon sla`: availability and reliability per RSE and site from the result store, the WLCG/ARGO way (DESIGN.md §6).
/// Exit 0 when every monthly row meets its targets, 1 when one fails, 2 on bad usage or configuration (§8).
/// Without --config the local lake's configuration is used when it exists (the lake need not be running), else the
/// defaults with <c>lakemon.db</c> in the lake's directory — the same store `lakemon results` uses.
/// </summary>
internal static class SlaCommand
{
    public static Command Build()
    {
        var from = new Option<string>("--from") { Description = "First day (UTC) of the report: yyyy-MM-dd.", Required = true };
        var to = new Option<string>("--to") { Description = "Last day (UTC) of the report, included: yyyy-MM-dd. Days after today are left out.", Required = true };
        var rse = new Option<string?>("--rse") { Description = "Only this RSE (and the TPC links it is an end of); no site rows." };
        var site = new Option<string?>("--site") { Description = "Only this site and its RSEs." };
        var format = new Option<string>("--format")
        {
            Description = $"Output form: {string.Join(", ", SlaReportFormats.All)} (default table). html is one self-contained file.",
            DefaultValueFactory = _ => "table",
        };
        format.AcceptOnlyFromAmong([.. SlaReportFormats.All]);
        var output = new Option<string>("--output", "-o")
        {
            Description = "Write to this file (replaced only once complete); - for stdout (default).",
            DefaultValueFactory = _ => "-",
        };
        var config = new Option<string?>("--config") { Description = "A lakemon configuration: its RSEs, sla: section and store." };
        var dir = LakeCommand.DirectoryOption();
        var downtimes = new Option<string[]>("--downtimes")
        {
            Description = "A GOCDB-style downtime file (XML of get_downtime, or JSON); repeatable; adds to sla.downtime_files.",
            AllowMultipleArgumentsPerToken = false,
            DefaultValueFactory = _ => [],
        };
        var command = new Command("sla",
            "Availability, reliability, unknown and downtime per RSE and site (daily, monthly) and TPC link success ratios, judged against the targets. Exit 1 when a monthly target fails.")
        {
            from, to, rse, site, format, output, config, dir, downtimes,
        };
        command.SetAction(async (parse, ct) =>
        {
            var problems = new List<string>();
            var fromDate = ParseDate("--from", parse.GetValue(from)!, problems);
            var toDate = ParseDate("--to", parse.GetValue(to)!, problems);
            if (fromDate is { } f && toDate is { } t && t < f)
            {
                problems.Add($"--to {parse.GetValue(to)} is before --from {parse.GetValue(from)}");
            }
            if (parse.GetValue(rse) is not null && parse.GetValue(site) is not null)
            {
                problems.Add("--rse and --site are mutually exclusive");
            }
            if (problems.Count > 0)
            {
                foreach (var problem in problems)
                {
                    await Console.Error.WriteLineAsync($"lakemon sla: {problem}");
                }
                return ExitCodes.BadUsage;
            }
            SlaReportFormats.TryParse(parse.GetValue(format)!, out var slaFormat);
            return await RunAsync(fromDate!.Value, toDate!.Value, parse.GetValue(rse), parse.GetValue(site), slaFormat, parse.GetValue(output)!,
                parse.GetValue(config), parse.GetValue(dir)!, parse.GetValue(downtimes) ?? [], ct);
        });
        return command;
    }

    private static DateOnly? ParseDate(string option, string text, List<string> problems)
    {
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }
        problems.Add($"{option}: '{text}' is not a date (yyyy-MM-dd)");
        return null;
    }

    private static async Task<int> RunAsync(DateOnly from, DateOnly to, string? rse, string? site, SlaReportFormat format, string output,
        string? configPath, DirectoryInfo lakeDirectory, string[] downtimeFiles, CancellationToken ct)
    {
        LakemonOptions? options;
        if (configPath is null)
        {
            var lakeConfig = new LocalLake(lakeDirectory.FullName, TextWriter.Null).ConfigPath;
            options = File.Exists(lakeConfig)
                ? await ConfigSource.LoadAsync(lakeConfig)
                : new LakemonOptions([], [], new Dictionary<string, CredentialOptions>(), ProbeOptions.Default, ScheduleOptions.Default, SinkOptions.None)
                {
                    Store = StoreOptions.NextTo(lakeDirectory.FullName),
                };
        }
        else
        {
            options = await ConfigSource.LoadAsync(configPath);
        }
        if (options is null)
        {
            return ExitCodes.BadUsage;
        }
        var errors = new List<string>();
        var skipped = new List<string>();
        var calculator = SlaCalculatorFactory.Create(options, downtimeFiles.Select(Path.GetFullPath), errors, skipped);
        foreach (var line in skipped)
        {
            await Console.Error.WriteLineAsync($"lakemon sla: skipped downtime {line}");
        }
        if (calculator is null)
        {
            foreach (var error in errors)
            {
                await Console.Error.WriteLineAsync(error);
            }
            return ExitCodes.BadUsage;
        }
        SlaReport report;
        try
        {
            await using var store = await ResultStoreFactory.OpenAsync(options.Store, ct);
            report = await calculator.ComputeAsync(store, from, to, DateTimeOffset.UtcNow, rse, site, ct);
        }
        catch (ResultStoreException e)
        {
            await Console.Error.WriteLineAsync($"lakemon sla: {e.Message}");
            return ExitCodes.BadUsage;
        }
        catch (Exception e) when (e is DbException or IOException or InvalidDataException)
        {
            await Console.Error.WriteLineAsync($"lakemon sla: reading the result store failed: {e.Message}");
            return ExitCodes.Unhealthy;
        }
        if ((rse is not null || site is not null) && report.Rses.Count == 0)
        {
            await Console.Error.WriteLineAsync($"lakemon sla: no RSE {(rse is not null ? $"'{rse}'" : $"at site '{site}'")} in the configuration or the results");
            return ExitCodes.BadUsage;
        }
        await WriteAsync(report, format, output, ct);
        return report.Pass ? ExitCodes.Ok : ExitCodes.Unhealthy;
    }

    private static async Task WriteAsync(SlaReport report, SlaReportFormat format, string output, CancellationToken ct)
    {
        if (output == "-")
        {
            await using var stdout = Console.OpenStandardOutput();
            SlaReportWriter.Write(report, format, stdout);
            return;
        }
        var full = Path.GetFullPath(output);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temporary = full + ".tmp";
        await using (var file = File.Create(temporary))
        {
            SlaReportWriter.Write(report, format, file);
            await file.FlushAsync(ct);
        }
        File.Move(temporary, full, overwrite: true);
    }
}
