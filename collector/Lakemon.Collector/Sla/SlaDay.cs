namespace Lakemon.Collector.Sla;

/// <summary>One day of one RSE or site: slice counts (<see cref="Slices"/> is T, fewer on a day cut at the present) and
/// the figures they give.</summary>
public sealed record SlaDay(DateOnly Date, int Slices, int Up, int Unknown, int Downtime, int Critical, SlaFigures Figures, SlaVerdict Verdict);
