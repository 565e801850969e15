using Lakemon.Probes.Configuration;
using Lakemon.Probes.Results;

namespace Lakemon.Probes.Network;

/// <summary>
/// One scheduled round of network probes: for each link this node measures, a latency test (TWAMP-light when the
/// destination has a reflector, else ICMP echo when it names a host), a trace, and a throughput test (when configured and the destination has a throughput server). Links
/// run one after another so that one link's throughput test cannot disturb another's latency figures.
/// </summary>
public static class NetworkCampaign
{
    public static async Task<IReadOnlyList<ProbeResult>> RunAsync(NetworkOptions network, ProbeOptions probes, string runId, RunKind kind,
        PathChangeTracker paths, Func<ProbeResult, CancellationToken, ValueTask> deliver, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(probes);
        ArgumentNullException.ThrowIfNull(deliver);
        var results = new List<ProbeResult>();
        async Task Emit(ProbeResult result)
        {
            results.Add(result);
            await deliver(result, cancellationToken).ConfigureAwait(false);
        }
        foreach (var link in network.MeasuredLinks())
        {
            if (link.Reflector is not null || link.Host is not null)
            {
                var budget = Max(probes.ModuleFor(ProbeOperation.Latency).Timeout,
                    (network.Latency.Interval * network.Latency.Count) + network.Latency.Wait + TimeSpan.FromSeconds(10));
                await Emit(await NetworkLinkProbe.LatencyAsync(link, runId, kind, network.Latency, network.Thresholds, budget, cancellationToken)
                    .ConfigureAwait(false)).ConfigureAwait(false);
            }
            if (network.Trace && link.TraceTarget is not null)
            {
                await Emit(await NetworkLinkProbe.TraceAsync(link, runId, kind, new TraceOptions(), paths,
                    probes.ModuleFor(ProbeOperation.Trace).Timeout, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
            }
            if (network.ThroughputDuration is { } duration && link.ThroughputServer is not null)
            {
                var budget = Max(probes.ModuleFor(ProbeOperation.Throughput).Timeout, duration + TimeSpan.FromSeconds(40));
                await Emit(await NetworkLinkProbe.ThroughputAsync(link, runId, kind, duration, network.Streams, budget, cancellationToken)
                    .ConfigureAwait(false)).ConfigureAwait(false);
            }
        }
        return results;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
