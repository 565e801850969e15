using Lakemon.Collector.Metrics;
using Lakemon.Probes.Configuration;
using Lakemon.Probes.Results;

namespace Lakemon.Bench.Metrics;

/// <summary>One result per check of an N-RSE matrix: RSE × 3 protocols × the 6 lifecycle operations, and every ordered
/// RSE pair × 3 TPC modes; with a fixed mix of statuses so that failure_kind series exist too.</summary>
internal static class BenchMatrix
{
    private static readonly string[] Protocols = ["root", "https", "davs"];

    private static readonly (TpcMode Mode, string Protocol)[] Modes =
        [(TpcMode.Root, "root"), (TpcMode.HttpPull, "https"), (TpcMode.HttpPush, "https")];

    public static (int Storage, int Transfers) Record(LakemonMetrics metrics, int rses)
    {
        var random = new Random(1);
        var now = DateTimeOffset.UtcNow;
        int storage = 0, transfers = 0;
        for (var r = 0; r < rses; r++)
        {
            foreach (var protocol in Protocols)
            {
                foreach (var operation in ProbeOperations.StorageLifecycle)
                {
                    metrics.Record(Result(random, now, operation, protocol) with { Rse = Rse(r), Site = Site(r) });
                    storage++;
                }
            }
        }
        for (var s = 0; s < rses; s++)
        {
            for (var d = 0; d < rses; d++)
            {
                if (s == d)
                {
                    continue;
                }
                foreach (var (mode, protocol) in Modes)
                {
                    metrics.Record(Result(random, now, ProbeOperation.Tpc, protocol) with
                    {
                        SrcRse = Rse(s), DstRse = Rse(d), SrcSite = Site(s), DstSite = Site(d), TpcMode = mode,
                    });
                    transfers++;
                }
            }
        }
        return (storage, transfers);
    }

    private static string Rse(int index) => $"RSE-{index:D3}";

    private static string Site(int index) => $"SITE-{index:D3}";

    private static ProbeResult Result(Random random, DateTimeOffset now, ProbeOperation operation, string protocol)
    {
        // 90 % OK, then WARNING, CRITICAL and UNKNOWN: roughly what a healthy grid shows on a bad day.
        var roll = random.NextDouble();
        var (status, failure) = roll switch
        {
            < 0.90 => (ProbeStatus.Ok, (FailureKind?)null),
            < 0.95 => (ProbeStatus.Warning, null),
            < 0.98 => (ProbeStatus.Critical, FailureKind.Timeout),
            _ => (ProbeStatus.Unknown, FailureKind.PrerequisiteFailed),
        };
        return new ProbeResult
        {
            Id = Guid.NewGuid().ToString("N"),
            RunId = "bench",
            Kind = RunKind.Scheduled,
            Operation = operation,
            Protocol = protocol,
            StartedAt = now.AddSeconds(-random.Next(60)),
            Duration = TimeSpan.FromMilliseconds(random.Next(5, 30_000)),
            ThroughputBytesPerSecond = random.Next(1, 1000) * 1e6,
            Status = status,
            FailureKind = failure,
        };
    }
}
