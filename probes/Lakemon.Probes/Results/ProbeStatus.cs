namespace Lakemon.Probes.Results;

/// <summary>
/// The outcome of one probe (DESIGN.md §2). The numeric values are the `lakemon_probe_status` gauge values of
/// DESIGN.md §5, so they are part of the metrics contract: do not reorder.
/// </summary>
public enum ProbeStatus
{
    Ok = 0,
    Warning = 1,
    Critical = 2,
    Unknown = 3,
}
