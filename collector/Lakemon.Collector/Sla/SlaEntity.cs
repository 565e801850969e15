namespace Lakemon.Collector.Sla;

/// <summary>An RSE (with its <see cref="Site"/>) or a site (with its <see cref="Members"/>, its RSEs) in a report.</summary>
public sealed record SlaEntity(string Name, string? Site, IReadOnlyList<string> Members, IReadOnlyList<SlaDay> Days, IReadOnlyList<SlaMonth> Months)
{
    /// <summary>Every month meets its targets.</summary>
    public bool Pass => Months.All(m => m.Verdict.Pass);
}
