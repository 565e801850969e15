using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Lakemon.Collector.Metrics.Implementation;
using Lakemon.Probes.Configuration;
using Lakemon.Probes.Results;

namespace Lakemon.Collector.Metrics;

/// <summary>
/// The one instrumentation holder of lakemon (CONVENTIONS §6): a single <see cref="System.Diagnostics.Metrics.Meter"/>
/// whose instruments carry the names and labels of DESIGN.md §5, fed by <see cref="Record"/>. Exporters subscribe to
/// <see cref="Meter"/> (<see cref="PrometheusMeterExporter"/>, the OTLP sink's MeterProvider) and must do so before results are
/// recorded, because counters and histograms publish each measurement once. Gauges are computed at collection time from
/// the last result of each check, which becomes UNKNOWN (status 3, no success sample) after its family's freshness.
/// </summary>
public sealed class LakemonMetrics : IDisposable
{
    /// <summary>The name of <see cref="Meter"/>, for exporters that select meters by name.</summary>
    public const string MeterName = "Lakemon";

    /// <summary>The name prefix of the storage-check instruments (<c>lakemon_probe_success</c>, ...).</summary>
    public const string StoragePrefix = "lakemon_probe";

    /// <summary>The name prefix of the transfer-link instruments (<c>lakemon_transfer_success</c>, ...).</summary>
    public const string TransferPrefix = "lakemon_transfer";

    private static readonly CheckFamilyShape StorageShape = new(
        StoragePrefix,
        "storage check",
        ["rse", "protocol", "operation"],
        result => [result.Rse!, result.Protocol, result.Operation.ToWire()],
        // Only these two move a file's bytes; a stat or a delete has no rate worth plotting.
        result => result.Operation is ProbeOperation.Upload or ProbeOperation.Read,
        "Throughput of the last upload or read of the storage check while it is fresh.",
        CountsResults: true);

    private static readonly CheckFamilyShape TransferShape = new(
        TransferPrefix,
        "transfer link",
        ["src_rse", "dst_rse", "protocol", "tpc_mode"],
        result => [result.SrcRse!, result.DstRse!, result.Protocol, result.TpcMode is { } mode ? TpcModeNames.ToWire(mode) : ""],
        _ => true,
        "Throughput of the last third-party copy over the transfer link while it is fresh.",
        CountsResults: false);

    private readonly CheckFamily _storage;
    private readonly CheckFamily _transfers;
    private readonly ConcurrentDictionary<string, string> _siteOfRse = new(StringComparer.Ordinal);
    private readonly SlaGauges _sla;
    private readonly NetworkLinkFamily _network;
    private readonly ChallengeFamily _challenge;

    /// <param name="options">Freshness per probe family.</param>
    /// <param name="time">Clock of staleness decisions; tests move a fake one.</param>
    public LakemonMetrics(LakemonMetricsOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        time ??= TimeProvider.System;
        Meter = new Meter(MeterName, typeof(LakemonMetrics).Assembly.GetName().Version?.ToString());
        _storage = new CheckFamily(Meter, StorageShape, options.StorageFreshness, time);
        _transfers = new CheckFamily(Meter, TransferShape, options.TransferFreshness, time);
        // The check metrics carry no site label (DESIGN.md §5 keeps them to the check's identity); dashboards and rules
        // that select or group by site join on this: `... * on (rse) group_left (site) lakemon_rse_info`.
        Meter.CreateObservableGauge("lakemon_rse_info", ObserveRseInfo, unit: null,
            "1 for every RSE seen in a result, with the site it belongs to.");
        _sla = new SlaGauges(Meter);
        _network = new NetworkLinkFamily(Meter, options.NetworkFreshness, time);
        _challenge = new ChallengeFamily(Meter);
    }

    public Meter Meter { get; }

    /// <summary>Counts the result and makes it the last result of its check unless a newer one is already known.</summary>
    /// <exception cref="ArgumentException">The result names neither an RSE, nor both ends of a transfer, nor both
    /// sites of a network link.</exception>
    public void Record(ProbeResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Kind == RunKind.Challenge)
        {
            _challenge.Record(result);
        }
        else if (result.Operation.IsNetwork() && result.SrcSite is not null && result.DstSite is not null)
        {
            _network.Record(result);
        }
        else if (result.Rse is not null)
        {
            _storage.Record(result);
            KeepSite(result.Rse, result.Site);
        }
        else if (result.SrcRse is not null && result.DstRse is not null)
        {
            _transfers.Record(result);
            KeepSite(result.SrcRse, result.SrcSite);
            KeepSite(result.DstRse, result.DstSite);
        }
        else
        {
            throw new ArgumentException($"result {result.Id} names neither an RSE nor a source and a destination", nameof(result));
        }
    }

    /// <summary>Every storage check known, as it stands now.</summary>
    public IReadOnlyList<CheckState> StorageChecks() => [.. _storage.Current()];

    /// <summary>Every transfer link known, as it stands now.</summary>
    public IReadOnlyList<CheckState> TransferLinks() => [.. _transfers.Current()];
    /// <summary>Publishes the <c>lakemon_sla_*</c> gauges of a report that runs from the first of this month to today:
    /// its last day is window="day", its last month window="month".</summary>
    public void RecordSla(Lakemon.Collector.Sla.SlaReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        _sla.Set(report);
    }

    public void Dispose() => Meter.Dispose();

    private void KeepSite(string rse, string? site)
    {
        if (site is not null && (!_siteOfRse.TryGetValue(rse, out var known) || known != site))
        {
            _siteOfRse[rse] = site;
        }
    }

    private IEnumerable<Measurement<int>> ObserveRseInfo()
    {
        foreach (var (rse, site) in _siteOfRse)
        {
            yield return new(1, new KeyValuePair<string, object?>("rse", rse), new KeyValuePair<string, object?>("site", site));
        }
    }
}
