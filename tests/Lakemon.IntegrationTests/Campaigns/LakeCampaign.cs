using System.Threading.Channels;
using Lakemon.IntegrationTests.Support;
using Lakemon.Probes.Campaigns;
using Lakemon.Probes.Configuration;
using Lakemon.Probes.Results;

namespace Lakemon.IntegrationTests.Campaigns;

/// <summary>Runs campaigns in-process against a running lake, with the lake's own generated configuration.</summary>
internal static class LakeCampaign
{
    public static LakemonOptions Options(RunningLake lake, IReadOnlyList<long>? sizes = null, TimeSpan? timeout = null, int perRseCap = 16)
    {
        var loaded = ConfigLoader.Load(Path.Combine(lake.Directory, "lakemon.yaml"));
        var options = loaded.Options ?? throw new InvalidOperationException(string.Join("\n", loaded.Errors));
        return options with
        {
            Rses = options.Rses.Select(r => r with { MaxConcurrentProbes = perRseCap }).ToList(),
            Probes = options.Probes with
            {
                Sizes = sizes ?? options.Probes.Sizes,
                Timeout = timeout ?? options.Probes.Timeout,
                MaxConcurrent = 64,
            },
        };
    }

    public static async Task<(CampaignPlan Plan, CampaignSummary Summary, List<ProbeResult> Results)> RunAsync(
        LakemonOptions options, PlanFilter? filter = null, IProbeHooks? hooks = null, string? runId = null)
    {
        var plan = CampaignPlanner.Plan(options, filter ?? PlanFilter.All);
        var context = new ProbeContext(runId ?? ProbePaths.NewRunId(DateTimeOffset.UtcNow), RunKind.Adhoc, options.Probes) { Hooks = hooks };
        var channel = Channel.CreateUnbounded<ProbeResult>();
        var summary = await new CampaignRunner(context).RunAsync(plan, channel.Writer, CancellationToken.None);
        channel.Writer.Complete();
        var results = new List<ProbeResult>();
        await foreach (var result in channel.Reader.ReadAllAsync())
        {
            results.Add(result);
        }
        return (plan, summary, results);
    }

    /// <summary>Every file under the probe area of every RSE, read from the servers' data directories.</summary>
    public static IReadOnlyList<string> ProbeFilesOnDisk(RunningLake lake) => lake.Rses
        .Select(r => r.OnDisk("/" + ProbePaths.Directory))
        .Where(Directory.Exists)
        .SelectMany(d => Directory.EnumerateFiles(d, "*", SearchOption.AllDirectories))
        .ToList();

    public static string Describe(IEnumerable<ProbeResult> results) => string.Join("\n", results.Select(r =>
        $"{r.Status.ToWire()} {r.Target} {r.Operation.ToWire()} {r.SizeBytes} {r.FailureKind?.ToWire()} {r.Message}"));
}
