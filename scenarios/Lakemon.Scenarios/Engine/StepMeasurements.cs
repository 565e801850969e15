using HdrHistogram;

namespace Lakemon.Scenarios.Engine;

/// <summary>
/// The running tallies of one step, safe to record into from many calls at once. Latencies go into an HdrHistogram in
/// microseconds (up to one hour, 3 significant digits); min, max and the sum are kept exactly beside it. Merging adds
/// the histograms, so merged percentiles are those of all samples, not an average of percentiles.
/// </summary>
public sealed class StepMeasurements
{
    private const long HighestMicroseconds = 3_600_000_000;

    // Calls on different threads record into different stripes, so at tens of thousands of calls per second they do
    // not queue on one lock; snapshots merge the stripes.
    private static readonly int StripeCount = Math.Max(1, Environment.ProcessorCount * 2);
    private readonly StepMeasurements[]? _stripes;
    private readonly Lock _gate = new();
    private readonly LongHistogram _histogram = new(HighestMicroseconds, 3);
    private readonly Dictionary<string, long> _failureKinds = new(StringComparer.Ordinal);
    private long _ok;
    private long _fail;
    private long _bytes;
    private long _minTicks = long.MaxValue;
    private long _maxTicks;
    private long _sumTicks;

    public StepMeasurements(string name)
        : this(name, striped: true)
    {
    }

    private StepMeasurements(string name, bool striped)
    {
        Name = name;
        if (striped && StripeCount > 1)
        {
            _stripes = [.. Enumerable.Range(0, StripeCount).Select(_ => new StepMeasurements(name, striped: false))];
        }
    }

    public string Name { get; }

    public void Record(StepResult result, TimeSpan latency)
    {
        if (_stripes is not null)
        {
            _stripes[Environment.CurrentManagedThreadId % _stripes.Length].Record(result, latency);
            return;
        }
        var ticks = Math.Max(0, latency.Ticks);
        var micros = Math.Clamp(ticks / TimeSpan.TicksPerMicrosecond, 0, HighestMicroseconds);
        lock (_gate)
        {
            _bytes += result.Bytes;
            if (result.IsOk)
            {
                _ok++;
                _histogram.RecordValue(micros);
                _minTicks = Math.Min(_minTicks, ticks);
                _maxTicks = Math.Max(_maxTicks, ticks);
                _sumTicks += ticks;
            }
            else
            {
                _fail++;
                var kind = result.FailureKind ?? "probe_error";
                _failureKinds[kind] = _failureKinds.GetValueOrDefault(kind) + 1;
            }
        }
    }

    /// <summary>Adds <paramref name="other"/>'s samples to these (e.g. the same step of several scenarios, or of several
    /// agents).</summary>
    public void Merge(StepMeasurements other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other._stripes is not null)
        {
            foreach (var stripe in other._stripes)
            {
                Merge(stripe);
            }
            return;
        }
        if (_stripes is not null)
        {
            _stripes[0].Merge(other);
            return;
        }
        lock (other._gate)
        {
            lock (_gate)
            {
                _histogram.Add(other._histogram);
                _ok += other._ok;
                _fail += other._fail;
                _bytes += other._bytes;
                _minTicks = Math.Min(_minTicks, other._minTicks);
                _maxTicks = Math.Max(_maxTicks, other._maxTicks);
                _sumTicks += other._sumTicks;
                foreach (var (kind, count) in other._failureKinds)
                {
                    _failureKinds[kind] = _failureKinds.GetValueOrDefault(kind) + count;
                }
            }
        }
    }

    public StepStats Snapshot(TimeSpan duration)
    {
        if (_stripes is not null)
        {
            var merged = new StepMeasurements(Name, striped: false);
            foreach (var stripe in _stripes)
            {
                merged.Merge(stripe);
            }
            return merged.Snapshot(duration);
        }
        lock (_gate)
        {
            var latency = _ok == 0
                ? new LatencyStats(0, 0, 0, 0, 0, 0, 0)
                : new LatencyStats(
                    Milliseconds(_minTicks),
                    Milliseconds(_sumTicks) / _ok,
                    Percentile(50),
                    Percentile(75),
                    Percentile(95),
                    Percentile(99),
                    Milliseconds(_maxTicks));
            return new StepStats(Name, _ok, _fail, _bytes, duration, latency, new SortedDictionary<string, long>(_failureKinds, StringComparer.Ordinal));
        }
    }

    /// <summary>HdrHistogram answers the highest value equivalent to the bucket; capped by the exact max so p99 of a
    /// single sample is that sample.</summary>
    private double Percentile(double percentile) =>
        Math.Min(_histogram.HighestEquivalentValue(_histogram.GetValueAtPercentile(percentile)) / 1000.0, Milliseconds(_maxTicks));

    private static double Milliseconds(long ticks) => ticks / (double)TimeSpan.TicksPerMillisecond;
}
