namespace Lakemon.Collector.Scheduling;

/// <summary>The kinds of scheduled work, one Quartz job and one cron schedule (`schedules.*`) each.</summary>
internal enum ProbeFamily
{
    Storage,
    Tpc,
    Janitor,
    Network,
}
