using System.Globalization;
using Lakemon.Scenarios.Engine;

namespace Lakemon.Cli;

/// <summary>
/// Real-time stats on stderr: on a terminal one line per scenario redrawn in place, otherwise a plain line per
/// report (logs and CI stay readable). Spectre.Console is served but a few ANSI sequences do this without it.
/// </summary>
internal sealed class LiveLoadView(TextWriter output, bool terminal) : ILoadSink
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<string, string> _lines = new(StringComparer.Ordinal);
    private int _drawn;

    public Task SaveRealtimeAsync(string runId, ScenarioStats stats, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stats);
        var line = Line(stats);
        lock (_gate)
        {
            if (!terminal)
            {
                output.WriteLine(line);
                return Task.CompletedTask;
            }
            _lines[stats.Name] = line;
            if (_drawn > 0)
            {
                output.Write($"\u001b[{_drawn}A");
            }
            foreach (var text in _lines.Values)
            {
                output.Write("\u001b[2K");
                output.WriteLine(text);
            }
            _drawn = _lines.Count;
        }
        return Task.CompletedTask;
    }

    public Task SaveFinalAsync(LoadRunResult result, CancellationToken cancellationToken) => Task.CompletedTask;

    private static string Line(ScenarioStats s) => string.Create(CultureInfo.InvariantCulture,
        $"load: [{s.Duration.TotalSeconds,6:F1} s] {s.Name}: ok {s.Calls.OkCount} fail {s.Calls.FailCount} rps {s.Calls.Rps:F1} p50 {s.Calls.Latency.P50Ms:F1} ms p95 {s.Calls.Latency.P95Ms:F1} ms {s.Calls.BytesPerSecond / 1e6:F2} MB/s");
}
