using Lakemon.Collector.Store;
using Lakemon.Probes.Results;

namespace Lakemon.Collector.Ingest;

/// <summary>What the results API needs: the bearer token agents present, where results go, and who else hears of
/// them once they are stored (the metrics and sinks — only after the store, so an acknowledged result is durable).</summary>
public sealed record IngestOptions(string Token, IResultStore Store)
{
    public Action<IReadOnlyList<ProbeResult>>? ResultsStored { get; init; }
}
