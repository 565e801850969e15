namespace Lakemon.Collector.Scheduling;

/// <summary>
/// The random delay a scheduled campaign waits before it starts, uniform in [0, max].
/// <para>Drawn once per fire, not per RSE: the runner already spreads one campaign over the RSEs (round-robin plan,
/// per-RSE and per-site caps), so what jitter must break is the lock-step between fires — every agent and every
/// deployment on the same cron string starting at :00:00 sharp, and a campaign's period beating against the sites' own
/// cron jobs. A per-RSE delay would also have to be slept inside the runner while holding its global slots, slowing
/// every other RSE of the campaign.</para>
/// </summary>
internal sealed class StartJitter(Random random)
{
    private readonly Lock gate = new();

    public static StartJitter Shared { get; } = new(Random.Shared);

    public TimeSpan Next(TimeSpan max)
    {
        if (max <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }
        // NextDouble is in [0, 1); scaling to max.Ticks + 1 and clamping makes max itself reachable.
        double sample;
        // Storage and TPC jobs may draw at the same moment; a plain Random is not thread-safe.
        lock (gate)
        {
            sample = random.NextDouble();
        }
        var ticks = (long)(sample * (max.Ticks + 1.0));
        return TimeSpan.FromTicks(Math.Min(ticks, max.Ticks));
    }
}
