using Lakemon.Probes.Campaigns;
using Lakemon.Probes.Configuration;

namespace Lakemon.Collector.Sinks;

/// <summary>How the OTLP sink exports; where to (endpoint, headers) is the configuration's <c>sinks.otlp</c>.</summary>
public sealed record OtlpExportOptions
{
    public static TimeSpan DefaultMetricExportInterval { get; } = TimeSpan.FromSeconds(15);

    /// <summary>How often metrics are pushed. Null: the standard <c>OTEL_METRIC_EXPORT_INTERVAL</c> (milliseconds)
    /// when it is set, else <see cref="DefaultMetricExportInterval"/>. Traces go through the SDK's batch processor
    /// (<c>OTEL_BSP_*</c>, by default every 5 s).</summary>
    public TimeSpan? MetricExportInterval { get; init; }

    /// <summary>The <c>service.instance.id</c> resource attribute; null: host name and process id.</summary>
    public string? ServiceInstanceId { get; init; }

    /// <summary>Label sets (rse × protocol × operation) the storage checks of the configuration can produce.</summary>
    public int StorageSeries { get; init; }

    /// <summary>Label sets (src_rse × dst_rse × protocol × tpc_mode) the transfer links of the configuration can produce.</summary>
    public int TransferSeries { get; init; }

    /// <summary>These options with room for every series of the configuration's full campaign matrix.</summary>
    public OtlpExportOptions SizedFor(LakemonOptions config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var plan = CampaignPlanner.Plan(config, PlanFilter.All);
        // A check with several file sizes counts once per size although its series do not: headroom, not an error.
        return this with
        {
            StorageSeries = plan.Checks.OfType<StorageCheck>().Sum(c => c.ExpectedResults),
            TransferSeries = plan.Checks.OfType<TpcCheck>().Sum(c => c.ExpectedResults),
        };
    }
}
