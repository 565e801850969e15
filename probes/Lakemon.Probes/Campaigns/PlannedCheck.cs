using Lakemon.Probes.Configuration;

namespace Lakemon.Probes.Campaigns;

/// <summary>One unit of work of a campaign plan: it holds a slot of the global cap and of each of its RSEs' caps while
/// it runs, and yields <see cref="ExpectedResults"/> result records.</summary>
public abstract record PlannedCheck
{
    /// <summary>The RSEs whose per-RSE cap the check takes, in ordinal name order (the lock order that keeps two
    /// transfers in opposite directions from deadlocking).</summary>
    public abstract IReadOnlyList<RseOptions> Rses { get; }

    public abstract int ExpectedResults { get; }

    /// <summary>A short, unique name within a plan, e.g. "LAKE-A root 1024" or "LAKE-A→LAKE-B http-pull 1024".</summary>
    public abstract string Name { get; }
}
