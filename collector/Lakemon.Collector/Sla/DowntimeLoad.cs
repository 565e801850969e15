using Lakemon.Probes.Configuration;

namespace Lakemon.Collector.Sla;

/// <summary>What <see cref="DowntimeFile.Load"/> read: the downtimes, the problems (FILE:LINE: what) that make the file
/// unusable, and the entries skipped because they concern nothing lakemon probes.</summary>
public sealed class DowntimeLoad
{
    public List<DowntimeOptions> Downtimes { get; } = [];

    public List<string> Errors { get; } = [];

    public List<string> Skipped { get; } = [];
}
