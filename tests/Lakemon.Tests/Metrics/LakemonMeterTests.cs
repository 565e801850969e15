using System.Diagnostics.Metrics;
using Lakemon.Collector.Metrics;
using Lakemon.Probes.Results;
using Lakemon.Tests.Results;

namespace Lakemon.Tests.Metrics;

/// <summary>The holder's Meter as any second exporter (OpenTelemetry's MeterProvider is one) sees it, next to the
/// Prometheus exporter: the same instruments, recorded once.</summary>
public sealed class LakemonMeterTests : IDisposable
{
    private readonly MetricsScrape _scrape = new();
    private readonly MeterListener _listener = new();
    private readonly List<(string Instrument, double Value, Dictionary<string, object?> Tags)> _measurements = [];
    private readonly Dictionary<string, Instrument> _instruments = [];

    public LakemonMeterTests()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, _scrape.Metrics.Meter))
            {
                _instruments.Add(instrument.Name, instrument);
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.Start();
    }

    public void Dispose()
    {
        _listener.Dispose();
        _scrape.Dispose();
    }

    [Fact]
    public void Meter_Instruments_CarryTheContractNamesKindsAndUnits()
    {
        Assert.Equal(LakemonMetrics.MeterName, _scrape.Metrics.Meter.Name);
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["lakemon_probe_status"] = "ObservableGauge`1 ",
                ["lakemon_probe_success"] = "ObservableGauge`1 ",
                ["lakemon_probe_duration_seconds"] = "Histogram`1 s",
                ["lakemon_probe_throughput_bytes_per_second"] = "ObservableGauge`1 By/s",
                ["lakemon_probe_results_total"] = "Counter`1 {result}",
                ["lakemon_probe_last_timestamp_seconds"] = "ObservableGauge`1 s",
                ["lakemon_probe_consecutive_failures"] = "ObservableGauge`1 {result}",
                ["lakemon_probe_phase_seconds"] = "ObservableGauge`1 s",
                ["lakemon_transfer_status"] = "ObservableGauge`1 ",
                ["lakemon_transfer_success"] = "ObservableGauge`1 ",
                ["lakemon_transfer_duration_seconds"] = "Histogram`1 s",
                ["lakemon_transfer_throughput_bytes_per_second"] = "ObservableGauge`1 By/s",
                ["lakemon_transfer_last_timestamp_seconds"] = "ObservableGauge`1 s",
                ["lakemon_transfer_consecutive_failures"] = "ObservableGauge`1 {result}",
                ["lakemon_transfer_phase_seconds"] = "ObservableGauge`1 s",
                ["lakemon_rse_info"] = "ObservableGauge`1 ",
                ["lakemon_challenge_results_total"] = "Counter`1 {result}",
                ["lakemon_challenge_bytes_total"] = "Counter`1 By",
                ["lakemon_sla_availability_ratio"] = "ObservableGauge`1 ",
                ["lakemon_sla_reliability_ratio"] = "ObservableGauge`1 ",
                ["lakemon_sla_unknown_ratio"] = "ObservableGauge`1 ",
                ["lakemon_network_rtt_seconds"] = "ObservableGauge`1 s",
                ["lakemon_network_owd_seconds"] = "ObservableGauge`1 s",
                ["lakemon_network_jitter_seconds"] = "ObservableGauge`1 s",
                ["lakemon_network_packet_loss_ratio"] = "ObservableGauge`1 ",
                ["lakemon_network_throughput_bytes_per_second"] = "ObservableGauge`1 By/s",
                ["lakemon_network_path_hops"] = "ObservableGauge`1 ",
                ["lakemon_network_path_changes_total"] = "Counter`1 {change}",
            },
            _instruments.ToDictionary(pair => pair.Key, pair => $"{pair.Value.GetType().Name} {pair.Value.Unit}"));
        Assert.Equal([0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
            ((Histogram<double>)_instruments["lakemon_probe_duration_seconds"]).Advice?.HistogramBucketBoundaries);
    }

    [Fact]
    public async Task Record_OneResult_ReachesBothExportersOnce()
    {
        _scrape.Metrics.Record(SampleResults.Storage(status: ProbeStatus.Critical, failure: FailureKind.NoSpace));

        var count = Assert.Single(_measurements, m => m.Instrument == "lakemon_probe_results_total");
        Assert.Equal(1, count.Value);
        Assert.Equal(
            new Dictionary<string, object?>
            {
                ["rse"] = "LAKE-A", ["protocol"] = "root", ["operation"] = "upload", ["status"] = "CRITICAL", ["failure_kind"] = "no_space",
            },
            count.Tags);
        Assert.Equal(1.25, Assert.Single(_measurements, m => m.Instrument == "lakemon_probe_duration_seconds").Value);
        Assert.Single(await _scrape.SamplesAsync("lakemon_probe_results_total"));
    }

    [Fact]
    public void RecordObservableInstruments_StaleCheck_ObservesUnknownAndNoSuccess()
    {
        _scrape.Metrics.Record(SampleResults.Storage());
        _scrape.Time.Advance(TimeSpan.FromDays(1));

        _listener.RecordObservableInstruments();

        Assert.Equal((int)ProbeStatus.Unknown, Assert.Single(_measurements, m => m.Instrument == "lakemon_probe_status").Value);
        Assert.DoesNotContain(_measurements, m => m.Instrument == "lakemon_probe_success");
    }

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>();
        foreach (var tag in tags)
        {
            copy.Add(tag.Key, tag.Value);
        }
        lock (_measurements)
        {
            _measurements.Add((instrument.Name, value, copy));
        }
    }
}
