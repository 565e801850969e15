using Lakemon.Probes.Results;
using Lakemon.Tests.Results;

namespace Lakemon.Tests.Network;

/// <summary>Network link results for tests (latency, throughput, trace on SITE-1→SITE-2); fresh records each call.</summary>
internal static class NetworkSampleResults
{
    public static ProbeResult Latency(ProbeStatus status = ProbeStatus.Ok, double loss = 0.002, double median = 0.004) =>
        Base(ProbeOperation.Latency, "twamp", status) with
        {
            Network = new NetworkFigures
            {
                RttSeconds = new Dictionary<string, double> { ["min"] = 0.003, ["median"] = median, ["mean"] = 0.0041, ["p95"] = 0.005, ["max"] = 0.007 },
                OwdSeconds = 0.0021,
                JitterSeconds = 0.0002,
                LossRatio = loss,
                Sent = 1000,
                Received = 998,
                Duplicates = 1,
                Reordered = 2,
            },
        };

    public static ProbeResult Throughput() => Base(ProbeOperation.Throughput, "tcp", ProbeStatus.Ok) with
    {
        Bytes = 62_500_000,
        Network = new NetworkFigures { ThroughputBitsPerSecond = 5e7, Retransmits = 3, TcpRttSeconds = 0.0012 },
    };

    public static ProbeResult Trace(string fingerprint, int hops = 2) => Base(ProbeOperation.Trace, "udp", ProbeStatus.Ok) with
    {
        Network = new NetworkFigures { PathHops = hops, PathFingerprint = fingerprint },
    };

    private static ProbeResult Base(ProbeOperation operation, string protocol, ProbeStatus status) => new()
    {
        Id = Guid.NewGuid().ToString("N"),
        RunId = SampleResults.RunId,
        Kind = RunKind.Scheduled,
        Operation = operation,
        SrcSite = "SITE-1",
        DstSite = "SITE-2",
        Protocol = protocol,
        StartedAt = SampleResults.Start,
        Duration = TimeSpan.FromSeconds(2),
        Status = status,
        FailureKind = status is ProbeStatus.Critical or ProbeStatus.Unknown ? FailureKind.Timeout : null,
    };
}
