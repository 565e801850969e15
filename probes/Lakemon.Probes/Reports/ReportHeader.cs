using Lakemon.Probes.Results;

namespace Lakemon.Probes.Reports;

/// <summary>
/// What every report says about the campaign as a whole, above its results. <paramref name="ExpectedResults"/> is the
/// number of results the plan promised (<c>CampaignPlan.ExpectedResults</c>); when given, a report shows how many
/// are missing, because a check that never reported is not a check that passed.
/// </summary>
public sealed record ReportHeader(
    string RunId,
    RunKind Kind,
    DateTimeOffset StartedAt,
    TimeSpan WallTime,
    int? ExpectedResults = null);
