using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Lakemon.Probes.Results;

namespace Lakemon.Probes.Network;

/// <summary>
/// Runs one network measurement on a <see cref="NetworkLink"/> and turns it into the result record of DESIGN.md §2:
/// operation latency/throughput/trace, src_site/dst_site, the figures in <see cref="ProbeResult.Network"/>. Never
/// throws for a probe problem: an unresolvable name is UNKNOWN/connect, a budget overrun UNKNOWN/timeout, a crash
/// UNKNOWN/probe_error — lakemon could not measure, which says nothing about the link.
/// </summary>
public static class NetworkLinkProbe
{
    public const string TwampProtocol = "twamp";
    public const string TcpProtocol = "tcp";
    public const string TraceProtocol = "udp";

    public const string IcmpProtocol = "icmp";

    /// <summary>TWAMP-light to the link's reflector, or ICMP echo to its host when it has no reflector.</summary>
    public static Task<ProbeResult> LatencyAsync(NetworkLink link, string runId, RunKind kind, LatencyProbeOptions options,
        NetworkThresholds thresholds, TimeSpan budget, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(link);
        var icmp = link.Reflector is null;
        return RunAsync(link, runId, kind, ProbeOperation.Latency, icmp ? IcmpProtocol : TwampProtocol, link.Reflector ?? link.Host, 862, budget, cancellationToken,
            async (endpoint, token) =>
            {
                var measurement = icmp
                    ? await IcmpEchoSender.MeasureAsync(endpoint.Address, options, token).ConfigureAwait(false)
                    : await TwampSender.MeasureAsync(endpoint, options, token).ConfigureAwait(false);
                var verdict = LatencyVerdict.Of(measurement, thresholds);
                var figures = new NetworkFigures
                {
                    RttSeconds = measurement.Rtt is { } rtt ? Delays(rtt) : null,
                    OwdSeconds = measurement.ForwardDelay?.Median,
                    JitterSeconds = measurement.JitterSeconds,
                    LossRatio = measurement.LossRatio,
                    Sent = measurement.Sent,
                    Received = measurement.Received,
                    Duplicates = measurement.Duplicates,
                    Reordered = measurement.Reordered,
                };
                // A latency test that could not tell (no reflector) must not publish 100 % loss as a link figure.
                if (verdict.Status == ProbeStatus.Unknown)
                {
                    figures = figures with { LossRatio = null };
                }
                return (verdict.Status, verdict.FailureKind, verdict.Message, figures, null);
            });
    }

    public static Task<ProbeResult> ThroughputAsync(NetworkLink link, string runId, RunKind kind, TimeSpan duration, int streams,
        TimeSpan budget, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(link);
        return RunAsync(link, runId, kind, ProbeOperation.Throughput, TcpProtocol, link.ThroughputServer, 5301, budget, cancellationToken,
            async (endpoint, token) =>
            {
                var measurement = await ThroughputClient.MeasureAsync(endpoint, duration, streams, token).ConfigureAwait(false);
                var figures = measurement.Status == ProbeStatus.Ok
                    ? new NetworkFigures
                    {
                        ThroughputBitsPerSecond = measurement.BitsPerSecond,
                        Retransmits = measurement.Retransmits,
                        TcpRttSeconds = measurement.RttSeconds,
                    }
                    : null;
                return (measurement.Status, measurement.FailureKind, measurement.Message, figures, measurement.Bytes);
            });
    }

    /// <summary>Traces towards <see cref="NetworkLink.TraceTarget"/>; <paramref name="paths"/>
    /// learns the fingerprint, and the message says when the path changed.</summary>
    public static Task<ProbeResult> TraceAsync(NetworkLink link, string runId, RunKind kind, TraceOptions options,
        PathChangeTracker? paths, TimeSpan budget, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(link);
        return RunAsync(link, runId, kind, ProbeOperation.Trace, TraceProtocol, link.TraceTarget, 33434, budget, cancellationToken,
            async (endpoint, token) =>
            {
                var trace = await Traceroute.RunAsync(endpoint.Address, options, token).ConfigureAwait(false);
                var changed = paths?.Observe(link.SourceSite, link.DestinationSite, trace.Fingerprint) ?? false;
                var figures = new NetworkFigures { PathHops = trace.Hops.Count, PathFingerprint = trace.Fingerprint };
                var hops = string.Join(' ', trace.Hops.Select(h => h.Address?.ToString() ?? "*"));
                // An unreached target is WARNING, not CRITICAL: routers and firewalls often drop the last UDP probe.
                return trace.Reached
                    ? (ProbeStatus.Ok, null, $"{trace.Hops.Count} hops{(changed ? " (path changed)" : "")}: {hops}", figures, null)
                    : (ProbeStatus.Warning, (FailureKind?)null, $"target not reached in {trace.Hops.Count} hops: {hops}", figures, (long?)null);
            });
    }

    private static async Task<ProbeResult> RunAsync(NetworkLink link, string runId, RunKind kind, ProbeOperation operation, string protocol,
        string? address, int defaultPort, TimeSpan budget, CancellationToken cancellationToken,
        Func<IPEndPoint, CancellationToken, Task<(ProbeStatus Status, FailureKind? Failure, string Message, NetworkFigures? Figures, long? Bytes)>> measure)
    {
        var startedAt = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        ProbeResult Result(ProbeStatus status, FailureKind? failure, string message, NetworkFigures? figures = null, long? bytes = null) => new()
        {
            Id = Guid.CreateVersion7().ToString("N"),
            RunId = runId,
            Kind = kind,
            Operation = operation,
            SrcSite = link.SourceSite,
            DstSite = link.DestinationSite,
            Protocol = protocol,
            StartedAt = startedAt,
            Duration = clock.Elapsed,
            Bytes = bytes,
            Status = status,
            FailureKind = status is ProbeStatus.Ok or ProbeStatus.Warning ? null : failure,
            Message = message,
            Network = figures,
        };
        if (address is null || !NetworkEndpoint.TryParse(address, defaultPort, out var host, out var port, out var error))
        {
            return Result(ProbeStatus.Unknown, FailureKind.ProbeError, $"no usable address for {operation.ToWire()} on {link.SourceSite}→{link.DestinationSite}");
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(budget);
        try
        {
            var endpoint = await NetworkEndpoint.ResolveAsync(host, port, timeout.Token).ConfigureAwait(false);
            var (status, failure, message, figures, bytes) = await measure(endpoint, timeout.Token).ConfigureAwait(false);
            return Result(status, failure, message, figures, bytes);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Result(ProbeStatus.Unknown, FailureKind.Timeout, $"{operation.ToWire()} did not finish within {budget}");
        }
        catch (SocketException e)
        {
            return Result(ProbeStatus.Unknown, FailureKind.Connect, $"{host}: {e.Message}");
        }
#pragma warning disable CA1031 // a probe that crashed is an UNKNOWN result, never a crashed scheduler
        catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
        {
            return Result(ProbeStatus.Unknown, FailureKind.ProbeError, $"probe crashed: {e.GetType().Name}: {e.Message}");
        }
    }

    private static Dictionary<string, double> Delays(DelayStatistics delays) => new(StringComparer.Ordinal)
    {
        ["min"] = delays.Min,
        ["median"] = delays.Median,
        ["mean"] = delays.Mean,
        ["p95"] = delays.P95,
        ["max"] = delays.Max,
    };
}
