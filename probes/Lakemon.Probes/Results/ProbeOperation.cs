namespace Lakemon.Probes.Results;

/// <summary>
/// What one probe did (DESIGN.md §1). <see cref="StatDeleted"/> is the last step of the storage lifecycle — a stat
/// that must answer not-found — kept apart from <see cref="Stat"/> so that the two never share a metric series or a
/// JUnit test case. <see cref="Latency"/>, <see cref="Throughput"/> and <see cref="Trace"/> measure a site→site link
/// (<see cref="ProbeResult.Network"/> holds their figures). <see cref="ProbeOperations"/> gives the wire names and the lifecycle order.
/// </summary>
public enum ProbeOperation
{
    Upload,
    Stat,
    Checksum,
    Read,
    Delete,
    StatDeleted,
    List,
    Tpc,
    Latency,
    Throughput,
    Trace,
}
