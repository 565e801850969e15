namespace Lakemon.Probes.Campaigns;

/// <summary>One janitor sweep: the reference time and lifetime it judged ages by, and one report per enabled RSE in
/// configuration order.</summary>
public sealed record JanitorReport(DateTimeOffset Now, TimeSpan Lifetime, IReadOnlyList<JanitorRseReport> Rses)
{
    public bool AllCleaned => Rses.All(r => r.Cleaned);
}
