namespace Lakemon.Scenarios.Engine;

public sealed record ThresholdResult(string Name, bool Passed, int ErrorCount, bool Aborted);
