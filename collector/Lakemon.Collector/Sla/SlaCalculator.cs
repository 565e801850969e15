using Lakemon.Collector.Store;
using Lakemon.Probes.Configuration;
using Lakemon.Probes.Results;

namespace Lakemon.Collector.Sla;

/// <summary>
/// Availability and reliability per RSE and per site, the WLCG/ARGO way (DESIGN.md §6), and the success ratio of each
/// TPC link. <see cref="Start"/> opens one report; the caller feeds it the store's status samples from
/// <see cref="SlaComputation.Since"/>, oldest first.
/// </summary>
/// <param name="rses">The configured RSEs: they are reported even when silent (all UNKNOWN), and give each RSE its site
/// and the protocols it is expected to answer on.</param>
/// <param name="freshness">How long one storage result holds at most.</param>
public sealed class SlaCalculator(SlaOptions options, IReadOnlyList<RseOptions> rses, TimeSpan freshness, IReadOnlyList<DowntimeOptions> downtimes)
{
    public SlaOptions Options { get; } = options ?? throw new ArgumentNullException(nameof(options));

    public TimeSpan Freshness { get; } = freshness;

    /// <summary>Opens a report over the UTC days <paramref name="from"/>..<paramref name="to"/> (inclusive); time after
    /// <paramref name="now"/> is left out. <paramref name="rse"/> or <paramref name="site"/> narrow it.</summary>
    public SlaComputation Start(DateOnly from, DateOnly to, DateTimeOffset now, string? rse = null, string? site = null)
    {
        if (to < from)
        {
            throw new ArgumentException($"the report ends ({to:yyyy-MM-dd}) before it starts ({from:yyyy-MM-dd})", nameof(to));
        }
        var grid = SliceGrid.For(from, to, Options.Slice, now);
        return new SlaComputation(this, grid, from, to, rse, site, rses, downtimes);
    }

    /// <summary>Reads the store and computes the report in one go.</summary>
    public async Task<SlaReport> ComputeAsync(IResultStore store, DateOnly from, DateOnly to, DateTimeOffset now,
        string? rse, string? site, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var computation = Start(from, to, now, rse, site);
        var query = new StatusQuery(computation.Since, computation.Until, rse, site);
        await foreach (var sample in store.QueryStatusesAsync(query, cancellationToken))
        {
            computation.Add(sample);
        }
        return computation.Finish();
    }
}
