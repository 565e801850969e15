namespace Lakemon.Collector.Sla;

/// <summary>
/// The status of one time slice (DESIGN.md §6): a probe status, or DOWNTIME for a scheduled downtime. The values are in
/// the order AND takes the worst in (<see cref="SlaTruthTable"/>), so do not reorder.
/// </summary>
public enum SlaStatus : byte
{
    Ok = 0,
    Warning = 1,
    Unknown = 2,
    Critical = 3,
    Downtime = 4,
}
