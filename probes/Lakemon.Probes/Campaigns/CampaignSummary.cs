using Lakemon.Probes.Results;

namespace Lakemon.Probes.Campaigns;

/// <summary>What a finished (or cancelled) campaign did. <see cref="Complete"/> is false when it was cancelled before
/// every planned check had run.</summary>
public sealed record CampaignSummary(
    string RunId,
    RunKind Kind,
    DateTimeOffset StartedAt,
    TimeSpan WallTime,
    int ExpectedResults,
    IReadOnlyDictionary<ProbeStatus, int> Counts,
    bool Complete)
{
    public int Results => Counts.Values.Sum();

    public int Count(ProbeStatus status) => Counts.TryGetValue(status, out var count) ? count : 0;

    /// <summary>DESIGN.md §8: healthy when everything is OK or WARNING, and everything planned was run.</summary>
    public bool Healthy => Complete && Count(ProbeStatus.Critical) == 0 && Count(ProbeStatus.Unknown) == 0;
}
