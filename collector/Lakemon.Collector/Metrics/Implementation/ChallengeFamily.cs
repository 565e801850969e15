using System.Diagnostics.Metrics;
using Lakemon.Probes.Results;

namespace Lakemon.Collector.Metrics.Implementation;

/// <summary>
/// Results of data-challenge rehearsals (kind challenge): counted here so that a rehearsal shows live in Grafana, and
/// kept out of the check families, whose status gauges, alerts and status page describe the monitoring probes. A
/// rehearsal loads the lake on purpose; its failures are its findings, not an RSE going down.
/// </summary>
internal sealed class ChallengeFamily
{
    private readonly Counter<long> _results;
    private readonly Counter<long> _bytes;

    public ChallengeFamily(Meter meter)
    {
        _results = meter.CreateCounter<long>("lakemon_challenge_results_total", "{result}",
            "Results of data-challenge rehearsal calls (kind=challenge) by operation and status; they change no check's status.");
        _bytes = meter.CreateCounter<long>("lakemon_challenge_bytes_total", "By",
            "Bytes moved by data-challenge rehearsal calls, by operation.");
    }

    public void Record(ProbeResult result)
    {
        var operation = new KeyValuePair<string, object?>("operation", result.Operation.ToWire());
        _results.Add(1, operation, new KeyValuePair<string, object?>("status", result.Status.ToWire()));
        if (result.Bytes is > 0 and var bytes)
        {
            _bytes.Add(bytes, operation);
        }
    }
}
