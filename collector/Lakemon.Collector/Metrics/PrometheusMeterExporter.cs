using System.Diagnostics.Metrics;
using Lakemon.Collector.Metrics.Implementation;
using Prometheus;

namespace Lakemon.Collector.Metrics;

/// <summary>
/// Exposes the instruments of one <see cref="Meter"/> in a prometheus-net registry of its own, each under its exact
/// name and type with its description as HELP. prometheus-net's own MeterAdapter does not fit the metrics contract: it
/// prefixes the meter name, appends the unit and the .NET type to HELP, and exports counters as gauges (so that
/// <c>lakemon_probe_results_total</c> would be a gauge, which promtool rejects). Observable gauges are read before every
/// collection, and their series that were not observed are removed, so a value that its instrument stopped reporting
/// (a stale check's success) disappears instead of being repeated.
/// </summary>
public sealed class PrometheusMeterExporter : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly MetricFactory _factory;
    private readonly List<PrometheusInstrument> _observables = [];
    private readonly Lock _collecting = new();
    private bool _disposed;

    /// <summary>Subscribes to <paramref name="meter"/>; measurements made before this constructor ran are not seen.</summary>
    public PrometheusMeterExporter(Meter meter)
    {
        ArgumentNullException.ThrowIfNull(meter);
        // A registry of our own: the default one would also start prometheus-net's MeterAdapter, which would export
        // the same instruments a second time under other names.
        Registry = Prometheus.Metrics.NewCustomRegistry();
        _factory = Prometheus.Metrics.WithCustomRegistry(Registry);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            // By instance, not by name: several holders (tests, several hosts in one process) may share the name.
            if (!ReferenceEquals(instrument.Meter, meter))
            {
                return;
            }
            var export = PrometheusInstrument.For(instrument, _factory);
            if (export.IsObservable)
            {
                lock (_collecting)
                {
                    _observables.Add(export);
                }
            }
            listener.EnableMeasurementEvents(instrument, export);
        };
        _listener.SetMeasurementEventCallback<int>((_, value, tags, state) => ((PrometheusInstrument)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<long>((_, value, tags, state) => ((PrometheusInstrument)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<double>((_, value, tags, state) => ((PrometheusInstrument)state!).Record(value, tags));
        _listener.Start();
        Registry.AddBeforeCollectCallback(Observe);
    }

    /// <summary>The registry to serve (see <see cref="LakemonMetricsEndpointRouteBuilderExtensions.MapLakemonMetrics"/>).</summary>
    public CollectorRegistry Registry { get; }

    public void Dispose()
    {
        lock (_collecting)
        {
            _disposed = true;
        }
        _listener.Dispose();
    }

    private void Observe()
    {
        // prometheus-net may run this for concurrent scrapes at once; one observation at a time keeps the
        // observed/exposed bookkeeping of each gauge whole.
        lock (_collecting)
        {
            if (_disposed)
            {
                return;
            }
            foreach (var export in _observables)
            {
                export.BeginObservation();
            }
            _listener.RecordObservableInstruments();
            foreach (var export in _observables)
            {
                export.EndObservation();
            }
        }
    }
}
