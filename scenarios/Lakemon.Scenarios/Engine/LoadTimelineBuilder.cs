namespace Lakemon.Scenarios.Engine;

/// <summary>
/// The pure function from simulations to a <see cref="LoadTimeline"/>. Open model: call k (from 0) of a segment starts
/// at the instant when k calls are due, so <c>Inject(10, 1s, 1s)</c> starts calls at 0, 100 ms, ... 900 ms and a
/// segment holds ⌈calls due at its end⌉ calls. Closed model: a ramp of n steps changes the copies at
/// <c>i × during / (n + 1)</c>, i = 1..n, so neither end of the ramp is cut short.
/// </summary>
public static class LoadTimelineBuilder
{
    public static LoadTimeline Build(IReadOnlyList<LoadSimulation> simulations)
    {
        ArgumentNullException.ThrowIfNull(simulations);
        var injections = new List<TimeSpan>();
        var concurrency = new List<ConcurrencyChange>();
        var start = TimeSpan.Zero;
        var ratePerTick = 0.0;
        var copies = 0;
        foreach (var simulation in simulations)
        {
            Validate(simulation);
            var during = simulation.During;
            switch (simulation)
            {
                case Inject inject:
                    SetCopies(concurrency, start, 0);
                    copies = 0;
                    var count = CeilDiv((long)inject.Rate * during.Ticks, inject.Interval.Ticks);
                    for (long k = 0; k < count; k++)
                    {
                        injections.Add(start + TimeSpan.FromTicks(k * inject.Interval.Ticks / inject.Rate));
                    }
                    ratePerTick = (double)inject.Rate / inject.Interval.Ticks;
                    break;
                case RampingInject ramp:
                    SetCopies(concurrency, start, 0);
                    copies = 0;
                    var target = (double)ramp.Rate / ramp.Interval.Ticks;
                    AddRamp(injections, start, during, ratePerTick, target);
                    ratePerTick = target;
                    break;
                case KeepConstant keep:
                    ratePerTick = 0;
                    SetCopies(concurrency, start, keep.Copies);
                    copies = keep.Copies;
                    break;
                case RampingConstant rampCopies:
                    ratePerTick = 0;
                    var steps = Math.Abs(rampCopies.Copies - copies);
                    var direction = Math.Sign(rampCopies.Copies - copies);
                    SetCopies(concurrency, start, copies);
                    for (var i = 1; i <= steps; i++)
                    {
                        SetCopies(concurrency, start + TimeSpan.FromTicks(i * during.Ticks / (steps + 1)), copies + (i * direction));
                    }
                    copies = rampCopies.Copies;
                    break;
                case Pause:
                    ratePerTick = 0;
                    SetCopies(concurrency, start, 0);
                    copies = 0;
                    break;
                default:
                    throw new ArgumentException($"unknown simulation {simulation.GetType().Name}", nameof(simulations));
            }
            start += during;
        }
        SetCopies(concurrency, start, 0);
        return new LoadTimeline(injections, concurrency, start);
    }

    private static void Validate(LoadSimulation simulation)
    {
        if (simulation.During < TimeSpan.Zero)
        {
            throw new ArgumentException($"{simulation}: during must not be negative");
        }
        var (amount, interval) = simulation switch
        {
            Inject i => (i.Rate, i.Interval),
            RampingInject r => (r.Rate, r.Interval),
            KeepConstant k => (k.Copies, TimeSpan.MaxValue),
            RampingConstant c => (c.Copies, TimeSpan.MaxValue),
            _ => (0, TimeSpan.MaxValue),
        };
        if (amount < 0)
        {
            throw new ArgumentException($"{simulation}: rate and copies must not be negative");
        }
        if (interval <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{simulation}: interval must be positive");
        }
    }

    /// <summary>Calls due by t: N(t) = r0·t + (r1 − r0)·t² / 2D; call k starts where N(t) = k.</summary>
    private static void AddRamp(List<TimeSpan> injections, TimeSpan start, TimeSpan during, double r0, double r1)
    {
        var d = (double)during.Ticks;
        if (d == 0)
        {
            return;
        }
        // Rounding must not turn exactly 10 due calls into 11.
        var count = (long)Math.Ceiling(((r0 + r1) * d / 2) - 1e-9);
        var a = (r1 - r0) / (2 * d);
        for (long k = 0; k < count; k++)
        {
            // 2k / (b + √(b² + 4ak)) is the root of a·t² + b·t = k that stays exact when a is 0 or negative.
            var t = k == 0 ? 0 : 2.0 * k / (r0 + Math.Sqrt((r0 * r0) + (4 * a * k)));
            injections.Add(start + TimeSpan.FromTicks((long)Math.Round(t)));
        }
    }

    private static void SetCopies(List<ConcurrencyChange> changes, TimeSpan at, int copies)
    {
        var current = changes.Count == 0 ? 0 : changes[^1].Copies;
        if (current == copies)
        {
            return;
        }
        if (changes.Count > 0 && changes[^1].At == at)
        {
            changes[^1] = new ConcurrencyChange(at, copies);
            var before = changes.Count > 1 ? changes[^2].Copies : 0;
            if (before == copies)
            {
                changes.RemoveAt(changes.Count - 1);
            }
            return;
        }
        changes.Add(new ConcurrencyChange(at, copies));
    }

    private static long CeilDiv(long numerator, long denominator) => (numerator + denominator - 1) / denominator;
}
