using System.Diagnostics.Metrics;
using Prometheus;
using PrometheusCollector = Prometheus.Collector;

namespace Lakemon.Collector.Metrics.Implementation;

/// <summary>
/// One <see cref="Instrument"/> as one prometheus-net collector of the same name, HELP and type: a counter as a counter,
/// a histogram as a histogram with the instrument's advised buckets, an observable gauge as a gauge. The collector is
/// created at the first measurement because prometheus-net fixes label names at creation and an instrument only tells
/// its tag names through its measurements; every later measurement must carry the same names in the same order.
/// </summary>
internal sealed class PrometheusInstrument
{
    private enum Kind
    {
        Counter,
        Histogram,
        ObservableGauge,
    }

    private readonly Instrument _instrument;
    private readonly MetricFactory _factory;
    private readonly Kind _kind;
    private readonly Lock _creating = new();
    private volatile PrometheusCollector? _collector;
    private string[] _labelNames = [];

    // Observable gauges only, touched under the exporter's collection lock: the series exposed after the last
    // collection, and those observed during the current one. A series no longer observed (a check that has no success
    // sample any more because it turned stale) must disappear, not keep its last value.
    // prometheus-net hands out one child per label set, so the child itself is the key: no label text is joined or
    // hashed again for the ~100k gauge series of a 100-RSE matrix.
    private readonly Dictionary<Gauge.Child, string[]> _exposed = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<Gauge.Child> _observed = new(ReferenceEqualityComparer.Instance);

    private PrometheusInstrument(Instrument instrument, MetricFactory factory, Kind kind)
    {
        _instrument = instrument;
        _factory = factory;
        _kind = kind;
    }

    public bool IsObservable => _kind == Kind.ObservableGauge;

    /// <exception cref="NotSupportedException">An instrument kind the holder does not use and that has no exact
    /// Prometheus counterpart here (up-down counters, observable counters, synchronous gauges).</exception>
    public static PrometheusInstrument For(Instrument instrument, MetricFactory factory) => instrument switch
    {
        Counter<int> or Counter<long> or Counter<double> => new(instrument, factory, Kind.Counter),
        Histogram<double> => new(instrument, factory, Kind.Histogram),
        ObservableGauge<int> or ObservableGauge<long> or ObservableGauge<double> => new(instrument, factory, Kind.ObservableGauge),
        _ => throw new NotSupportedException($"instrument {instrument.Name} is a {instrument.GetType().Name}, which has no Prometheus export here"),
    };

    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var collector = _collector ?? Create(tags);
        var values = LabelValues(tags);
        switch (collector)
        {
            case Counter counter:
                counter.WithLabels(values).Inc(value);
                break;
            case Histogram histogram:
                histogram.WithLabels(values).Observe(value);
                break;
            case Gauge gauge:
                var child = gauge.WithLabels(values);
                child.Set(value);
                _observed.Add(child);
                _exposed.TryAdd(child, values);
                break;
        }
    }

    public void BeginObservation() => _observed.Clear();

    public void EndObservation()
    {
        if (_collector is not Gauge gauge)
        {
            return;
        }
        foreach (var (child, values) in _exposed)
        {
            if (!_observed.Contains(child))
            {
                gauge.RemoveLabelled(values);
                _exposed.Remove(child);
            }
        }
    }

    private PrometheusCollector Create(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        lock (_creating)
        {
            if (_collector is { } created)
            {
                return created;
            }
            var names = new string[tags.Length];
            for (var i = 0; i < tags.Length; i++)
            {
                names[i] = tags[i].Key;
            }
            _labelNames = names;
            var help = _instrument.Description ?? "";
            _collector = _kind switch
            {
                Kind.Counter => _factory.CreateCounter(_instrument.Name, help, names),
                Kind.Histogram => _factory.CreateHistogram(_instrument.Name, help, names, new HistogramConfiguration
                {
                    Buckets = (_instrument as Histogram<double>)?.Advice?.HistogramBucketBoundaries?.ToArray(),
                }),
                _ => _factory.CreateGauge(_instrument.Name, help, names),
            };
            return _collector;
        }
    }

    private string[] LabelValues(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var names = _labelNames;
        var values = new string[tags.Length];
        var same = tags.Length == names.Length;
        for (var i = 0; same && i < tags.Length; i++)
        {
            same = string.Equals(tags[i].Key, names[i], StringComparison.Ordinal);
            values[i] = tags[i].Value?.ToString() ?? "";
        }
        if (!same)
        {
            throw new InvalidOperationException($"instrument {_instrument.Name} was measured with tags ({Names(tags)}) after ({string.Join(", ", names)}); " +
                "a Prometheus metric has one set of label names");
        }
        return values;
    }

    private static string Names(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var names = new string[tags.Length];
        for (var i = 0; i < tags.Length; i++)
        {
            names[i] = tags[i].Key;
        }
        return string.Join(", ", names);
    }
}
