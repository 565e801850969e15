namespace Lakemon.Collector.Sla;

/// <summary>One calendar month (or the part of it in the report) of one RSE or site, rolled up from its days.</summary>
/// <param name="Month">yyyy-MM.</param>
public sealed record SlaMonth(string Month, int Days, SlaFigures Figures, SlaVerdict Verdict);
