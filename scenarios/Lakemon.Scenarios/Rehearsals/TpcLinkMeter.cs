using System.Diagnostics;

namespace Lakemon.Scenarios.Rehearsals;

/// <summary>When each successful copy of one link completed and how many bytes it moved, to measure the rate the
/// link sustained inside the hold window (completions, not starts: a link that falls behind must not be credited
/// for copies that only finish after the hold).</summary>
public sealed class TpcLinkMeter
{
    private readonly Lock _gate = new();
    private readonly List<(TimeSpan At, long Bytes)> _completions = [];
    private long _start;
    private int _inFlight;

    public void Start() => _start = Stopwatch.GetTimestamp();

    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Takes a slot when fewer than <paramref name="max"/> copies run.</summary>
    public bool TryEnter(int max)
    {
        while (true)
        {
            var current = Volatile.Read(ref _inFlight);
            if (current >= max)
            {
                return false;
            }
            if (Interlocked.CompareExchange(ref _inFlight, current + 1, current) == current)
            {
                return true;
            }
        }
    }

    public void Exit() => Interlocked.Decrement(ref _inFlight);

    public void Completed(long bytes)
    {
        var at = Stopwatch.GetElapsedTime(_start);
        lock (_gate)
        {
            _completions.Add((at, bytes));
        }
    }

    public double BytesPerSecond(TimeSpan from, TimeSpan to)
    {
        lock (_gate)
        {
            var bytes = _completions.Where(c => c.At >= from && c.At < to).Sum(c => c.Bytes);
            return to > from ? bytes / (to - from).TotalSeconds : 0;
        }
    }
}
