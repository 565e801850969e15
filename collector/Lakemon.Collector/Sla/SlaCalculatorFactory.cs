using Lakemon.Collector.Scheduling;
using Lakemon.Probes.Configuration;

namespace Lakemon.Collector.Sla;

/// <summary>Builds the <see cref="SlaCalculator"/> of a configuration: its RSEs, its `sla:` section, the downtimes declared
/// there and in the downtime files, and the freshness (`sla.freshness`, else 2 × the storage schedule's interval).</summary>
public static class SlaCalculatorFactory
{
    /// <param name="extraDowntimeFiles">Files named on the command line, read after `sla.downtime_files`.</param>
    /// <param name="errors">Receives FILE:LINE: problem for each unusable downtime file entry; null is returned then.</param>
    /// <param name="skipped">Receives the entries skipped because they concern nothing lakemon probes.</param>
    public static SlaCalculator? Create(LakemonOptions options, IEnumerable<string> extraDowntimeFiles, ICollection<string> errors, ICollection<string> skipped)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(errors);
        ArgumentNullException.ThrowIfNull(skipped);
        var downtimes = new List<DowntimeOptions>(options.Sla.Downtimes);
        foreach (var file in options.Sla.DowntimeFiles.Concat(extraDowntimeFiles))
        {
            var load = DowntimeFile.Load(file, options.Rses, options.Sites);
            downtimes.AddRange(load.Downtimes);
            foreach (var error in load.Errors)
            {
                errors.Add(error);
            }
            foreach (var line in load.Skipped)
            {
                skipped.Add(line);
            }
        }
        if (errors.Count > 0)
        {
            return null;
        }
        return new SlaCalculator(options.Sla, options.Rses, FreshnessOf(options), downtimes);
    }

    /// <summary>DESIGN.md §6: a result holds for 2 × the interval of the schedule that produces it.</summary>
    public static TimeSpan FreshnessOf(LakemonOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Sla.Freshness ?? 2 * CronIntervals.Of(options.Schedules.Storage);
    }
}
