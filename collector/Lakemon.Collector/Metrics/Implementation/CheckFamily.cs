using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Lakemon.Probes.Results;

namespace Lakemon.Collector.Metrics.Implementation;

/// <summary>
/// The instruments of one probe family (storage checks or transfer links) and the last result of each of its checks.
/// Gauges are observable: success, status and throughput are computed from the last result at collection time, which is
/// the only place where staleness can be decided (a probe that stopped running records nothing to trigger it).
/// </summary>
internal sealed class CheckFamily
{
    // Probes take from milliseconds (a stat) to minutes (a 256 MiB TPC, a timed-out step); a dozen buckets keep a
    // full TPC matrix affordable while still telling a 50 ms answer from a 250 ms one.
    internal static readonly double[] DurationBuckets = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

    private const string StatusLabel = "status";
    private const string FailureKindLabel = "failure_kind";
    private const string PhaseLabel = "phase";

    private readonly ConcurrentDictionary<string, LastResult> _last = new(StringComparer.Ordinal);
    private readonly CheckFamilyShape _shape;
    private readonly TimeSpan _freshness;
    private readonly TimeProvider _time;
    private readonly Histogram<double> _duration;
    private readonly Counter<long>? _results;

    public CheckFamily(Meter meter, CheckFamilyShape shape, TimeSpan freshness, TimeProvider time)
    {
        _shape = shape;
        _freshness = freshness;
        _time = time;
        var prefix = shape.Prefix;
        var subject = shape.Subject;
        // Status before success: listeners observe instruments in the order they were created, so a check that turns
        // stale between the two callbacks of one scrape can lose its success sample a scrape early, never keep it late.
        meter.CreateObservableGauge($"{prefix}_status", ObserveStatus, unit: null,
            $"Status of the {subject}: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (also once its last result is older than its freshness).");
        meter.CreateObservableGauge($"{prefix}_success", ObserveSuccess, unit: null,
            $"1 if the last result of the {subject} worked (OK or WARNING), 0 if it failed; no sample while it is UNKNOWN or stale.");
        _duration = meter.CreateHistogram($"{prefix}_duration_seconds", "s", $"How long each {subject} probe took.",
            tags: null, new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        meter.CreateObservableGauge($"{prefix}_throughput_bytes_per_second", ObserveThroughput, "By/s", shape.ThroughputHelp);
        if (shape.CountsResults)
        {
            _results = meter.CreateCounter<long>($"{prefix}_results_total", "{result}",
                $"Results of {subject}s by status and failure kind (failure_kind is empty for OK and WARNING).");
        }
        meter.CreateObservableGauge($"{prefix}_last_timestamp_seconds", ObserveLastTimestamp, "s",
            $"Unix time at which the last result of the {subject} completed.");
        // Alert rules count cycles with this instead of a `for:` duration, so "down for N cycles" holds whatever the
        // schedule is, and a rule test can prove it in a live run without waiting for production durations.
        meter.CreateObservableGauge($"{prefix}_consecutive_failures", ObserveConsecutiveFailures, "{result}",
            $"How many results of the {subject} in a row were CRITICAL, up to the last one (UNKNOWN results neither count nor reset it).");
        meter.CreateObservableGauge($"{prefix}_phase_seconds", ObservePhases, "s",
            $"Duration of each phase (connect, tls, open, transfer, ...) of the last result of the {subject} while it is fresh.");
    }

    public void Record(ProbeResult result)
    {
        var values = _shape.LabelValues(result);
        var tags = new KeyValuePair<string, object?>[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            tags[i] = new(_shape.LabelNames[i], values[i]);
        }
        // Agents resend what they buffered while the collector was away, so an older result can arrive after a newer
        // one: it still counts, but it must not replace the check's current status.
        _last.AddOrUpdate(string.Join('\u001f', values),
            static (_, arg) => new LastResult(arg.result, arg.tags, NextFailures(0, arg.result.Status)),
            static (_, old, arg) => arg.result.StartedAt + arg.result.Duration >= old.CompletedAt
                ? new LastResult(arg.result, arg.tags, NextFailures(old.ConsecutiveFailures, arg.result.Status))
                : old,
            (result, tags));
        _duration.Record(result.Duration.TotalSeconds, tags);
        // Every series of a metric carries the same label names, so OK results carry an empty failure_kind, which
        // Prometheus treats as no label at all.
        _results?.Add(1, [.. tags, new(StatusLabel, result.Status.ToWire()), new(FailureKindLabel, result.FailureKind?.ToWire() ?? "")]);
    }

    /// <summary>The last result of every check, with the status it has now (UNKNOWN once stale), for the status page.</summary>
    public IEnumerable<CheckState> Current()
    {
        var now = _time.GetUtcNow();
        foreach (var (_, last) in _last)
        {
            yield return new CheckState(last.Result, IsFresh(last, now) ? last.Result.Status : ProbeStatus.Unknown, last.CompletedAt, last.ConsecutiveFailures);
        }
    }

    private static int NextFailures(int before, ProbeStatus status) => status switch
    {
        ProbeStatus.Critical => before + 1,
        ProbeStatus.Unknown => before,
        _ => 0,
    };

    private bool IsFresh(LastResult last, DateTimeOffset now) => now - last.CompletedAt <= _freshness;

    private IEnumerable<Measurement<int>> ObserveStatus()
    {
        var now = _time.GetUtcNow();
        foreach (var (_, last) in _last)
        {
            yield return new(IsFresh(last, now) ? (int)last.Result.Status : (int)ProbeStatus.Unknown, last.Tags);
        }
    }

    private IEnumerable<Measurement<int>> ObserveSuccess()
    {
        var now = _time.GetUtcNow();
        foreach (var (_, last) in _last)
        {
            // UNKNOWN means lakemon could not tell: a 0 would count against the service in every availability panel.
            if (last.Result.Status != ProbeStatus.Unknown && IsFresh(last, now))
            {
                yield return new(last.Result.Status.IsUp() ? 1 : 0, last.Tags);
            }
        }
    }

    private IEnumerable<Measurement<double>> ObserveThroughput()
    {
        var now = _time.GetUtcNow();
        foreach (var (_, last) in _last)
        {
            if (last.Result.ThroughputBytesPerSecond is { } rate && double.IsFinite(rate) && _shape.MeasuresThroughput(last.Result)
                && IsFresh(last, now))
            {
                yield return new(rate, last.Tags);
            }
        }
    }

    private IEnumerable<Measurement<double>> ObserveLastTimestamp()
    {
        // Kept when stale: the age of the last result is what tells an operator why a check turned UNKNOWN.
        foreach (var (_, last) in _last)
        {
            yield return new(last.CompletedAt.ToUnixTimeMilliseconds() / 1000.0, last.Tags);
        }
    }

    private IEnumerable<Measurement<int>> ObserveConsecutiveFailures()
    {
        foreach (var (_, last) in _last)
        {
            yield return new(last.ConsecutiveFailures, last.Tags);
        }
    }

    private IEnumerable<Measurement<double>> ObservePhases()
    {
        var now = _time.GetUtcNow();
        foreach (var (_, last) in _last)
        {
            if (!IsFresh(last, now))
            {
                continue;
            }
            foreach (var (phase, elapsed) in last.Result.Phases)
            {
                yield return new(elapsed.TotalSeconds, [.. last.Tags, new(PhaseLabel, phase)]);
            }
        }
    }

    private sealed record LastResult(ProbeResult Result, KeyValuePair<string, object?>[] Tags, int ConsecutiveFailures)
    {
        // A result is known when its probe ends, so a long transfer is not born stale.
        public DateTimeOffset CompletedAt { get; } = Result.StartedAt + Result.Duration;
    }
}
