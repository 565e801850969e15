using Lakemon.Probes.Results;

namespace Lakemon.Collector.Sla;

/// <summary>
/// The status of one check (RSE × protocol × operation × size) per slice, built from its results in time order
/// (DESIGN.md §6): a result holds until the next one of the same check, but no longer than the freshness; time no fresh
/// result covers is UNKNOWN. A slice takes the worst status that held at any moment in it, so a slice is OK only when
/// the check was OK all through it.
/// </summary>
internal sealed class CheckTimeline
{
    private readonly SliceGrid grid;
    private readonly long freshness;

    // 0 = nothing painted yet, else SlaStatus + 1.
    private readonly byte[] slices;
    private long cursor;
    private long lastStart = long.MinValue;
    private SlaStatus lastStatus;

    public CheckTimeline(SliceGrid grid, TimeSpan freshness)
    {
        this.grid = grid;
        this.freshness = (long)freshness.TotalMilliseconds;
        slices = new byte[grid.Count];
        cursor = grid.StartMilliseconds;
    }

    /// <summary>The next result of the check; results come oldest first.</summary>
    public void Add(long startedAtMilliseconds, ProbeStatus status)
    {
        if (lastStart != long.MinValue)
        {
            Hold(lastStart, Math.Min(startedAtMilliseconds, lastStart + freshness), lastStatus);
        }
        lastStart = startedAtMilliseconds;
        lastStatus = SlaTruthTable.Of(status);
    }

    /// <summary>The slices, once every result was added.</summary>
    public SlaStatus[] Finish()
    {
        if (lastStart != long.MinValue)
        {
            Hold(lastStart, lastStart + freshness, lastStatus);
        }
        Paint(cursor, grid.EndMilliseconds, SlaStatus.Unknown);
        var statuses = new SlaStatus[slices.Length];
        for (var i = 0; i < slices.Length; i++)
        {
            statuses[i] = (SlaStatus)(slices[i] - 1);
        }
        return statuses;
    }

    private void Hold(long from, long to, SlaStatus status)
    {
        if (from > cursor)
        {
            Paint(cursor, from, SlaStatus.Unknown);
        }
        from = Math.Max(from, cursor);
        if (to > from)
        {
            Paint(from, to, status);
            cursor = to;
        }
    }

    private void Paint(long from, long to, SlaStatus status)
    {
        from = Math.Max(from, grid.StartMilliseconds);
        to = Math.Min(to, grid.EndMilliseconds);
        if (to <= from)
        {
            return;
        }
        var first = (int)((from - grid.StartMilliseconds) / grid.SliceMilliseconds);
        var last = (int)((to - 1 - grid.StartMilliseconds) / grid.SliceMilliseconds);
        var value = (byte)(status + 1);
        for (var i = first; i <= last; i++)
        {
            if (slices[i] < value)
            {
                slices[i] = value;
            }
        }
    }
}
