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
    private readonly NetworkLinkFamily _network;

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
        _network = new NetworkLinkFamily(Meter, options.NetworkFreshness, time);
    }

    public Meter Meter { get; }

    /// <summary>Counts the result and makes it the last result of its check unless a newer one is already known.</summary>
    /// <exception cref="ArgumentException">The result names neither an RSE, nor both ends of a transfer, nor both
    /// sites of a network link.</exception>
    public void Record(ProbeResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Operation.IsNetwork() && result.SrcSite is not null && result.DstSite is not null)
        {
            _network.Record(result);
        }
        else if (result.Rse is not null)
        {
            _storage.Record(result);
        }
        else if (result.SrcRse is not null && result.DstRse is not null)
        {
            _transfers.Record(result);
        }
        else
        {
            throw new ArgumentException($"result {result.Id} names neither an RSE nor a source and a destination", nameof(result));
        }
    }

    public void Dispose() => Meter.Dispose();
}
