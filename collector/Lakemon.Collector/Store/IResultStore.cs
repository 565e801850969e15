using Lakemon.Probes.Results;

namespace Lakemon.Collector.Store;

/// <summary>
/// Every result kept: the history the SLA engine and "what happened last night" read. Writes are idempotent by result
/// id, so an agent that resends after a lost acknowledgement adds nothing twice.
/// </summary>
public interface IResultStore : IAsyncDisposable
{
    /// <summary>Stores the batch atomically, skipping results whose id is already stored, and answers how many were new.
    /// When the task completes the batch is durable: an acknowledged result survives a crash of the process.</summary>
    Task<int> AddAsync(IReadOnlyList<ProbeResult> results, CancellationToken cancellationToken);

    /// <summary>Results matching the query, oldest first.</summary>
    IAsyncEnumerable<ProbeResult> QueryAsync(ResultQuery query, CancellationToken cancellationToken);

    /// <summary>The status columns of the results matching the query, oldest first. Stores read them from columns and an
    /// index that covers them; this default reads whole results, for stores that hold few.</summary>
    IAsyncEnumerable<StatusSample> QueryStatusesAsync(StatusQuery query, CancellationToken cancellationToken) =>
        StatusSamples.FromResultsAsync(this, query, cancellationToken);

    Task<long> CountAsync(CancellationToken cancellationToken);

    /// <summary>Retention: removes results that started before <paramref name="cutoff"/>; answers how many.</summary>
    Task<int> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken);
}
