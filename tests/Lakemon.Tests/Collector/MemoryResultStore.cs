using System.Runtime.CompilerServices;
using Lakemon.Collector.Store;
using Lakemon.Probes.Results;

namespace Lakemon.Tests.Collector;

/// <summary>The store contract in memory, for tests of what sits in front of a store (the real stores have their
/// own tests against SQLite and PostgreSQL).</summary>
internal sealed class MemoryResultStore : IResultStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ProbeResult> _byId = new(StringComparer.Ordinal);

    public Task<int> AddAsync(IReadOnlyList<ProbeResult> results, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(results.Count(r => _byId.TryAdd(r.Id, r)));
        }
    }

    public async IAsyncEnumerable<ProbeResult> QueryAsync(ResultQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        List<ProbeResult> all;
        lock (_gate)
        {
            all = [.. _byId.Values];
        }
        var matching = all
            .Where(r => query.Rse is null || r.Rses.Contains(query.Rse))
            .Where(r => query.Operation is null || r.Operation == query.Operation)
            .Where(r => query.Since is null || r.StartedAt >= query.Since)
            .OrderBy(r => r.StartedAt)
            .Take(query.Limit ?? int.MaxValue);
        foreach (var result in matching)
        {
            await Task.Yield();
            yield return result;
        }
    }

    public Task<long> CountAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult((long)_byId.Count);
        }
    }

    public Task<int> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var old = _byId.Values.Where(r => r.StartedAt < cutoff).Select(r => r.Id).ToList();
            old.ForEach(id => _byId.Remove(id));
            return Task.FromResult(old.Count);
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
