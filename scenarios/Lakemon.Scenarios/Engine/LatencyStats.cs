namespace Lakemon.Scenarios.Engine;

/// <summary>Latency of successful calls in milliseconds; percentiles come from an HdrHistogram (3 significant digits),
/// min, mean and max are exact. All 0 when nothing succeeded.</summary>
public sealed record LatencyStats(double MinMs, double MeanMs, double P50Ms, double P75Ms, double P95Ms, double P99Ms, double MaxMs);
