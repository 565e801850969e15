using Lakemon.Probes.Results;

namespace Lakemon.Collector.Store;

/// <summary>A selection of stored results. <see cref="Rse"/> matches a storage result's RSE and either end of a
/// transfer, <see cref="Site"/> likewise; <see cref="Since"/> is inclusive and <see cref="Until"/> exclusive; names match
/// exactly (case-sensitive); null members do not filter.</summary>
public sealed record ResultQuery(
    string? Rse = null,
    string? Site = null,
    ProbeOperation? Operation = null,
    RunKind? Kind = null,
    DateTimeOffset? Since = null,
    DateTimeOffset? Until = null,
    int? Limit = null);
