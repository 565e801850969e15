using Lakemon.Probes.Configuration;
using Quartz;

namespace Lakemon.Collector.Scheduling;

/// <summary>How often a cron schedule fires, for freshness (DESIGN.md §6: a result holds for 2 × the interval).</summary>
public static class CronIntervals
{
    /// <summary>The longest gap between the next dozen fires, so an irregular schedule ("at 00 and 30 past, on
    /// weekdays") is judged by its longest silence, not its shortest.</summary>
    public static TimeSpan Of(CronSchedule schedule, DateTimeOffset? from = null)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        // Gaps between fires do not depend on the time zone except across a DST switch, which one dozen fires rarely span.
        var cron = new CronExpression(schedule.QuartzExpression);
        var longest = TimeSpan.Zero;
        var previous = cron.GetNextValidTimeAfter(from ?? DateTimeOffset.UtcNow);
        for (var i = 0; i < 12 && previous is { } at; i++)
        {
            var next = cron.GetNextValidTimeAfter(at);
            if (next is null)
            {
                break;
            }
            longest = TimeSpan.FromTicks(Math.Max(longest.Ticks, (next.Value - at).Ticks));
            previous = next;
        }
        return longest > TimeSpan.Zero ? longest : TimeSpan.FromDays(1);
    }
}
