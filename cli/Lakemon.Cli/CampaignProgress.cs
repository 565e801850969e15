using System.Globalization;
using Lakemon.Probes.Reports;
using Lakemon.Probes.Results;

namespace Lakemon.Cli;

/// <summary>
/// What a running campaign shows on stderr. On a terminal: a live line of counts that redraws in place, with every
/// non-OK result printed above it as it arrives. Otherwise (CI logs, pipes): one plain line per result.
/// </summary>
internal sealed class CampaignProgress(int expected, bool terminal)
{
    private readonly Dictionary<ProbeStatus, int> _counts = Enum.GetValues<ProbeStatus>().ToDictionary(s => s, _ => 0);
    private int _seen;

    public static CampaignProgress Create(int expected) => new(expected, !Console.IsErrorRedirected);

    public void Report(ProbeResult result)
    {
        _seen++;
        _counts[result.Status]++;
        var line = Describe(result);
        if (!terminal)
        {
            Console.Error.WriteLine(line);
            return;
        }
        if (result.Status != ProbeStatus.Ok)
        {
            Console.Error.Write("\r\x1b[K");
            Console.Error.WriteLine(line);
        }
        Console.Error.Write(string.Create(CultureInfo.InvariantCulture,
            $"\r\x1b[K[{_seen,4}/{expected}] OK {_counts[ProbeStatus.Ok]}  WARNING {_counts[ProbeStatus.Warning]}  CRITICAL {_counts[ProbeStatus.Critical]}  UNKNOWN {_counts[ProbeStatus.Unknown]}   {result.Target} {result.Operation.ToWire()}"));
    }

    public void Finish()
    {
        if (terminal && _seen > 0)
        {
            Console.Error.Write("\r\x1b[K");
        }
    }

    private static string Describe(ProbeResult result)
    {
        var size = result.SizeBytes is { } bytes ? SizeText.Format(bytes) : "";
        var why = result.FailureKind is { } kind ? $" {kind.ToWire()}: {result.Message}" : result.Status == ProbeStatus.Warning ? $" {result.Message}" : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"{result.Status.ToWire(),-8} {result.Target,-28} {result.Operation.ToWire(),-12} {size,6} {result.Duration.TotalSeconds,7:0.000}s{why}");
    }
}
