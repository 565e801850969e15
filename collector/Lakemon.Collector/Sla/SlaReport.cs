using Lakemon.Probes.Configuration;

namespace Lakemon.Collector.Sla;

/// <summary>An SLA report over whole UTC days <see cref="From"/>..<see cref="To"/> (inclusive).</summary>
public sealed record SlaReport(
    DateOnly From,
    DateOnly To,
    TimeSpan Slice,
    SlaTargets Targets,
    IReadOnlyList<SlaEntity> Rses,
    IReadOnlyList<SlaEntity> Sites,
    IReadOnlyList<SlaLink> Links)
{
    /// <summary>Every month row of every RSE and site meets its targets (the exit code of `lakemon sla`).</summary>
    public bool Pass => Rses.All(r => r.Pass) && Sites.All(s => s.Pass);
}
