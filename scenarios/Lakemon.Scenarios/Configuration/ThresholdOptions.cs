namespace Lakemon.Scenarios.Configuration;

/// <summary>A threshold as written in YAML: limits over one step (or the whole calls when <see cref="Step"/> is null).
/// Every limit given must hold.</summary>
public sealed record ThresholdOptions(
    string? Step,
    double? FailRatioMax,
    double? P95MsMax,
    double? P99MsMax,
    double? RpsMin,
    double? ThroughputMbPerSecondMin,
    int? AbortAfterErrors,
    TimeSpan StartAfter);
