namespace Lakemon.Scenarios.Engine;

/// <summary>How a threshold has fared so far: failed checks, whether the last check held (null: not checked yet), and
/// whether the errors reached the abort count.</summary>
public sealed record ThresholdState(int ErrorCount, bool? LastPassed, bool Aborted)
{
    public static ThresholdState Initial { get; } = new(0, null, false);
}
