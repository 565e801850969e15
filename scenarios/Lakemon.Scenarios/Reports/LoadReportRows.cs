using System.Globalization;
using Lakemon.Scenarios.Engine;

namespace Lakemon.Scenarios.Reports;

/// <summary>The one table of stats all report formats print: a row per scenario (whole calls) and per step.</summary>
public static class LoadReportRows
{
    public static IReadOnlyList<string> Columns { get; } =
    [
        "scenario", "step", "ok", "fail", "rps", "min_ms", "mean_ms", "p50_ms", "p75_ms", "p95_ms", "p99_ms", "max_ms",
        "bytes", "throughput_mb_s", "failure_kinds",
    ];

    public static IEnumerable<IReadOnlyList<string>> Rows(LoadRunResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        foreach (var scenario in result.Scenarios)
        {
            yield return Row(scenario.Stats.Name, "(all)", scenario.Stats.Calls);
            foreach (var step in scenario.Stats.Steps)
            {
                yield return Row(scenario.Stats.Name, step.Name, step);
            }
        }
    }

    private static string[] Row(string scenario, string step, StepStats s) =>
    [
        scenario, step, Number(s.OkCount), Number(s.FailCount), Fixed(s.Rps, 1),
        Fixed(s.Latency.MinMs, 2), Fixed(s.Latency.MeanMs, 2), Fixed(s.Latency.P50Ms, 2), Fixed(s.Latency.P75Ms, 2),
        Fixed(s.Latency.P95Ms, 2), Fixed(s.Latency.P99Ms, 2), Fixed(s.Latency.MaxMs, 2),
        Number(s.Bytes), Fixed(s.BytesPerSecond / 1e6, 2),
        string.Join(" ", s.FailureKinds.Select(k => $"{k.Key}={k.Value}")),
    ];

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Fixed(double value, int digits) => value.ToString("F" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
