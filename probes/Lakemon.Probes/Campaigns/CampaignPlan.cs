namespace Lakemon.Probes.Campaigns;

/// <summary>What a campaign will run, in dispatch order, and what the planner left out and why (doors without a
/// client, filters that matched nothing).</summary>
public sealed record CampaignPlan(IReadOnlyList<PlannedCheck> Checks, IReadOnlyList<string> Notes)
{
    /// <summary>The number of result records a complete run yields: Σ over checks of their expected results.</summary>
    public int ExpectedResults => Checks.Sum(c => c.ExpectedResults);
}
