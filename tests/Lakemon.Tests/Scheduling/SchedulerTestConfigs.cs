using Lakemon.Probes.Configuration;
using Lakemon.Tests.Campaigns;

namespace Lakemon.Tests.Scheduling;

/// <summary>Configurations for scheduler tests: crons that fire every second (Quartz's seconds field) or never.</summary>
internal static class SchedulerTestConfigs
{
    public static CronSchedule EverySecond { get; } = CronSchedule.Parse("* * * * * ?");

    /// <summary>Once, on 1 January 2099: far enough away that it never fires during a test.</summary>
    public static CronSchedule Never { get; } = CronSchedule.Parse("0 0 0 1 1 ? 2099");

    public static ScheduleOptions Only(CronSchedule? storage = null, CronSchedule? tpc = null, CronSchedule? janitor = null, TimeSpan? jitter = null) =>
        new(storage ?? Never, tpc ?? Never, janitor ?? Never, jitter ?? TimeSpan.Zero);

    /// <summary>One RSE whose only door is a local directory: a real storage campaign in milliseconds.</summary>
    public static LakemonOptions FileLake(string root, ScheduleOptions schedules)
    {
        var rse = new RseOptions("LAKE-00", "SITE-00", true, [new ProtocolOptions(ProtocolSchemes.File, new Uri(Path.Combine(root, "lake-00")))],
            ChecksumAlgorithm.Adler32, [], 4, null);
        return TestConfigs.Options([rse], [1024]) with { Schedules = schedules };
    }
}
