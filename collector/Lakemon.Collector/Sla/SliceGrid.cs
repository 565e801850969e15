namespace Lakemon.Collector.Sla;

/// <summary>
/// Fixed time slices from <see cref="StartMilliseconds"/> (midnight UTC of the first day): whole days of
/// <see cref="SlicesPerDay"/> slices each, the last day possibly cut short at <see cref="Count"/> (the present).
/// </summary>
public sealed record SliceGrid(long StartMilliseconds, long SliceMilliseconds, int Count)
{
    public int SlicesPerDay => (int)(TimeSpan.FromDays(1).Ticks / TimeSpan.TicksPerMillisecond / SliceMilliseconds);

    public long EndMilliseconds => StartMilliseconds + SliceMilliseconds * Count;

    /// <summary>Days from <paramref name="from"/> to <paramref name="to"/> inclusive, cut at <paramref name="now"/>
    /// (rounded up to a slice: the slice in progress counts).</summary>
    public static SliceGrid For(DateOnly from, DateOnly to, TimeSpan slice, DateTimeOffset now)
    {
        var start = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeMilliseconds();
        var end = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeMilliseconds();
        var sliceMs = (long)slice.TotalMilliseconds;
        var cut = Math.Clamp(now.ToUnixTimeMilliseconds(), start, end);
        var count = (int)((Math.Min(end, cut) - start + sliceMs - 1) / sliceMs);
        return new SliceGrid(start, sliceMs, count);
    }

    public DateOnly From => DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeMilliseconds(StartMilliseconds).UtcDateTime);
}
