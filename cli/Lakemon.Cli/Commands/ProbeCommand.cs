using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;
using System.Threading.Channels;
using Lakemon.Probes.Campaigns;
using Lakemon.Probes.Configuration;
using Lakemon.Probes.Reports;
using Lakemon.Probes.Results;

namespace Lakemon.Cli.Commands;

/// <summary>`lakemon probe`: one campaign over the storage matrix, with an exit code and reports for CI (DESIGN.md §8).</summary>
internal static partial class ProbeCommand
{
    public static Command Build()
    {
        var config = new Option<string?>("--config") { Description = "A lakemon configuration; without it the local lake is used (and started if it is not up)." };
        var dir = LakeCommand.DirectoryOption();
        var keepLake = new Option<bool>("--keep-lake") { Description = "Leave a lake that this command started running afterwards." };
        var only = new Option<string[]>("--only")
        {
            Description = "Probe only what matches KEY=VALUE[,VALUE...]; KEY is rse, site, protocol, operation or tpc_mode. Repeatable: keys combine with AND, values with OR.",
            Arity = ArgumentArity.OneOrMore,
        };
        var kind = new Option<string>("--kind")
        {
            Description = "The kind of run recorded in every result: nightly, challenge, adhoc or scheduled.",
            DefaultValueFactory = _ => "adhoc",
        };
        kind.AcceptOnlyFromAmong([.. RunKinds.All]);
        var junit = new Option<string?>("--junit") { Description = "Write a JUnit XML report to this file (one testsuite per RSE and per link)." };
        var json = new Option<string?>("--json") { Description = "Write every result as a JSON line (DESIGN.md §2) to this file, as it arrives; - for stdout." };
        var markdown = new Option<string?>("--markdown") { Description = "Write a Markdown summary (RSE × protocol and source × destination matrices) to this file." };
        var runId = new Option<string?>("--run-id") { Description = "Use this run id instead of a fresh one (letters, digits, . _ -)." };
        var planOnly = new Option<bool>("--plan") { Description = "Print the plan (one check per line) and exit without probing." };
        var probe = new Command("probe", "Run one campaign: the storage lifecycle on every RSE door and size, and third-party copies on every link and mode. Exit 0 when all is OK/WARNING, 1 when anything is CRITICAL or UNKNOWN, 2 on bad usage or config.")
        {
            config, dir, keepLake, only, kind, junit, json, markdown, runId, planOnly,
        };
        probe.SetAction(async (parse, ct) => await LakeCommand.RunAsync(async () =>
        {
            var filter = PlanFilter.Parse(parse.GetValue(only) ?? [], out var filterErrors);
            var id = parse.GetValue(runId);
            var usage = filterErrors.ToList();
            if (id is not null && !RunIdPattern().IsMatch(id))
            {
                usage.Add($"--run-id {id}: only letters, digits, '.', '_' and '-' are allowed");
            }
            if (usage.Count > 0)
            {
                return await UsageErrorAsync(usage);
            }
            RunKinds.TryParse(parse.GetValue(kind)!, out var runKind);
            var request = new Request(filter, runKind, id, parse.GetValue(junit), parse.GetValue(json), parse.GetValue(markdown), parse.GetValue(planOnly));
            return await ConfigSource.WithConfigAsync(parse.GetValue(config), parse.GetValue(dir)!, parse.GetValue(keepLake),
                path => RunCampaignAsync(path, request, ct), ct);
        }));
        return probe;
    }

    /// <param name="Table">Also print one line per result on stdout (RSE, protocol, operation, status...): what
    /// `lakemon run` shows.</param>
    internal sealed record Request(PlanFilter Filter, RunKind Kind, string? RunId, string? JUnit, string? Json, string? Markdown, bool PlanOnly, bool Table = false);

    internal static async Task<int> RunCampaignAsync(string configPath, Request request, CancellationToken ct)
    {
        if (await ConfigSource.LoadAsync(configPath) is not { } options)
        {
            return ExitCodes.BadUsage;
        }
        if (request.Filter.Validate(options) is { Count: > 0 } unknown)
        {
            return await UsageErrorAsync(unknown);
        }
        var planning = System.Diagnostics.Stopwatch.StartNew();
        var plan = CampaignPlanner.Plan(options, request.Filter);
        planning.Stop();
        foreach (var note in plan.Notes)
        {
            await Console.Error.WriteLineAsync($"probe: {note}");
        }
        if (request.PlanOnly)
        {
            await using (var stdout = new StreamWriter(Console.OpenStandardOutput(), bufferSize: 1 << 16))
            {
                foreach (var check in plan.Checks)
                {
                    await stdout.WriteLineAsync(check.Name);
                }
            }
            await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"probe: {plan.Checks.Count} checks, {plan.ExpectedResults} results; planned in {planning.Elapsed.TotalSeconds:0.000} s"));
            return ExitCodes.Ok;
        }
        if (plan.Checks.Count == 0)
        {
            return ExitCodes.BadUsage;
        }

        var context = new ProbeContext(request.RunId ?? ProbePaths.NewRunId(DateTimeOffset.UtcNow), request.Kind, options.Probes);
        await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"probe: run {context.RunId} ({request.Kind.ToWire()}): {plan.Checks.Count} checks, {plan.ExpectedResults} results expected, from {configPath}"));

        await using var jsonLines = OpenJsonLines(request.Json);
        var channel = Channel.CreateUnbounded<ProbeResult>(new UnboundedChannelOptions { SingleReader = true });
        var progress = CampaignProgress.Create(plan.ExpectedResults);
        var collected = new List<ProbeResult>(plan.ExpectedResults);
        var consumer = Task.Run(async () =>
        {
            await foreach (var result in channel.Reader.ReadAllAsync(CancellationToken.None))
            {
                collected.Add(result);
                progress.Report(result);
                if (request.Table)
                {
                    await Console.Out.WriteLineAsync(TableLine(result));
                }
                if (jsonLines is not null)
                {
                    // One flushed line per result: a campaign killed half-way still leaves every result it produced.
                    await jsonLines.WriteLineAsync(ProbeResultJson.Serialize(result));
                    await jsonLines.FlushAsync(CancellationToken.None);
                }
            }
        }, CancellationToken.None);

        CampaignSummary summary;
        try
        {
            summary = await new CampaignRunner(context).RunAsync(plan, channel.Writer, ct);
        }
        finally
        {
            channel.Writer.Complete();
            await consumer;
            progress.Finish();
        }

        var header = new ReportHeader(summary.RunId, summary.Kind, summary.StartedAt, summary.WallTime, summary.ExpectedResults);
        await WriteReportAsync(request.JUnit, writer => JUnitReport.Write(writer, collected, header));
        await WriteReportAsync(request.Markdown, writer => MarkdownReport.Write(writer, collected, header));
        await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"probe: run {summary.RunId}: {summary.Count(ProbeStatus.Ok)} OK, {summary.Count(ProbeStatus.Warning)} WARNING, {summary.Count(ProbeStatus.Critical)} CRITICAL, {summary.Count(ProbeStatus.Unknown)} UNKNOWN; {summary.Results}/{summary.ExpectedResults} results in {summary.WallTime.TotalSeconds:0.00} s{(summary.Complete ? "" : " (cancelled)")}"));
        return summary.Healthy ? ExitCodes.Ok : ExitCodes.Unhealthy;
    }

    private static string TableLine(ProbeResult r)
    {
        var where = r.Rse is not null ? $"{r.Rse,-10} {r.Protocol,-6}" : $"{r.SrcRse}→{r.DstRse} {r.Mode}";
        var size = r.SizeBytes is { } bytes ? SizeText.Format(bytes) : "";
        var why = r.FailureKind is { } kind ? $"{kind.ToWire()}: {r.Message}" : r.Message;
        return string.Create(CultureInfo.InvariantCulture,
            $"{where} {r.Operation.ToWire(),-13} {r.Status.ToWire(),-8} {size,6} {r.Duration.TotalSeconds,7:0.000}s  {why}");
    }

    private static StreamWriter? OpenJsonLines(string? path) => path switch
    {
        null => null,
        "-" => new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = false },
        _ => new StreamWriter(path, append: false),
    };

    private static async Task WriteReportAsync(string? path, Action<TextWriter> write)
    {
        if (path is null)
        {
            return;
        }
        await using var writer = new StreamWriter(path, append: false);
        write(writer);
    }

    private static async Task<int> UsageErrorAsync(IEnumerable<string> errors)
    {
        foreach (var error in errors)
        {
            await Console.Error.WriteLineAsync($"lakemon probe: {error}");
        }
        return ExitCodes.BadUsage;
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,100}$")]
    private static partial Regex RunIdPattern();
}
