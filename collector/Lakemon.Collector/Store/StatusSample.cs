using Lakemon.Probes.Results;

namespace Lakemon.Collector.Store;

/// <summary>
/// The part of a stored result the SLA engine reads (DESIGN.md §6): who, what, when and the status, without the JSON
/// form, so that a month of results streams from the store's columns alone.
/// </summary>
/// <param name="TpcMode">The wire name of a transfer's TPC mode, or null.</param>
public readonly record struct StatusSample(
    long StartedAtMilliseconds,
    string? Rse,
    string? Site,
    string? SrcRse,
    string? DstRse,
    string Protocol,
    string Operation,
    string? TpcMode,
    long? SizeBytes,
    ProbeStatus Status)
{
    public static StatusSample Of(ProbeResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var columns = ResultColumns.Of(result);
        return new(columns.StartedAtMilliseconds, columns.Rse, columns.Site, columns.SrcRse, columns.DstRse, columns.Protocol,
            columns.Operation, columns.TpcMode, columns.SizeBytes, result.Status);
    }
}
