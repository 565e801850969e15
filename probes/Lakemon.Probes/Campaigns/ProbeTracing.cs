using System.Diagnostics;
using Lakemon.Probes.Configuration;
using Lakemon.Probes.Results;

namespace Lakemon.Probes.Campaigns;

/// <summary>
/// Traces of campaigns (opentelemetry-dotnet's model: an <see cref="ActivitySource"/> that costs nothing until a
/// listener such as the OTLP exporter subscribes): one trace per campaign, one span per probe result, and its phases
/// as child spans. Spans are made from the finished result records, so tracing can never change what a probe does;
/// phases are laid end to end from the probe's start because the recorder keeps durations, not start offsets.
/// </summary>
public static class ProbeTracing
{
    public const string SourceName = "Lakemon.Probes";

    public static ActivitySource Source { get; } = new(SourceName, typeof(ProbeTracing).Assembly.GetName().Version?.ToString());

    public static Activity? StartCampaign(ProbeContext context, CampaignPlan plan)
    {
        var activity = Source.StartActivity("campaign", ActivityKind.Internal, parentContext: default);
        activity?.SetTag("lakemon.run_id", context.RunId);
        activity?.SetTag("lakemon.kind", context.Kind.ToWire());
        activity?.SetTag("lakemon.checks", plan.Checks.Count);
        return activity;
    }

    public static void RecordProbe(Activity? campaign, ProbeResult result)
    {
        if (campaign is null || !Source.HasListeners())
        {
            return;
        }
        var end = result.StartedAt + result.Duration;
        using var probe = Source.StartActivity($"probe {result.Operation.ToWire()}", ActivityKind.Client, campaign.Context, Tags(result), startTime: result.StartedAt);
        if (probe is null)
        {
            return;
        }
        probe.SetStatus(result.Status.IsUp() ? ActivityStatusCode.Ok : ActivityStatusCode.Error, result.FailureKind?.ToWire());
        var at = result.StartedAt;
        foreach (var (phase, elapsed) in result.Phases)
        {
            using var child = Source.StartActivity(phase, ActivityKind.Internal, probe.Context, startTime: at);
            at += elapsed;
            child?.SetEndTime(at.UtcDateTime);
        }
        probe.SetEndTime(end.UtcDateTime);
    }

    // The metric labels of DESIGN.md §5 (low cardinality), plus the run id, which a trace may carry and a metric may not.
    private static IEnumerable<KeyValuePair<string, object?>> Tags(ProbeResult result)
    {
        var tags = new List<KeyValuePair<string, object?>>
        {
            new("lakemon.run_id", result.RunId),
            new("lakemon.operation", result.Operation.ToWire()),
            new("lakemon.protocol", result.Protocol),
            new("lakemon.status", result.Status.ToWire()),
        };
        void Add(string key, string? value)
        {
            if (value is not null)
            {
                tags.Add(new(key, value));
            }
        }
        Add("lakemon.rse", result.Rse);
        Add("lakemon.site", result.Site);
        Add("lakemon.src_rse", result.SrcRse);
        Add("lakemon.dst_rse", result.DstRse);
        Add("lakemon.tpc_mode", result.TpcMode is { } mode ? TpcModeNames.ToWire(mode) : null);
        Add("lakemon.failure_kind", result.FailureKind?.ToWire());
        if (result.SizeBytes is { } size)
        {
            tags.Add(new("lakemon.size_bytes", size));
        }
        return tags;
    }
}
