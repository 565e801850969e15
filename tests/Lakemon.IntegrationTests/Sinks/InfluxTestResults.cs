using Lakemon.Probes.Configuration;
using Lakemon.Probes.Results;

namespace Lakemon.IntegrationTests.Sinks;

/// <summary>Results for the InfluxDB sink tests and the tags and series a server must show for each of them.</summary>
internal static class InfluxTestResults
{
    /// <summary>Storage results and transfers with every status, some failures, and an RSE name that needs line
    /// protocol escaping; distinct timestamps, so that no two points share measurement, tags and time.</summary>
    public static List<ProbeResult> Make(string prefix, int count, DateTimeOffset start)
    {
        var statuses = Enum.GetValues<ProbeStatus>();
        var operations = ProbeOperations.StorageLifecycle;
        return
        [
            .. Enumerable.Range(0, count).Select(i =>
            {
                var status = statuses[i % statuses.Length];
                var result = new ProbeResult
                {
                    Id = $"{prefix}-{i:D5}",
                    RunId = $"20261129T000000Z-{prefix}",
                    Kind = i % 7 == 0 ? RunKind.Challenge : RunKind.Scheduled,
                    Operation = operations[i % operations.Count],
                    Protocol = i % 2 == 0 ? "root" : "davs",
                    SizeBytes = 1 << 20,
                    StartedAt = start.AddMilliseconds(i),
                    Duration = TimeSpan.FromMilliseconds(5 + i),
                    Bytes = status.IsUp() ? 1 << 20 : null,
                    ThroughputBytesPerSecond = status.IsUp() ? 1e6 + i : null,
                    Status = status,
                    FailureKind = status.IsUp() ? null : (i % 3 == 0 ? FailureKind.Timeout : FailureKind.ServerError),
                    Message = status.IsUp() ? null : $"failed at step {i}",
                };
                return (i % 5) switch
                {
                    4 => result with
                    {
                        Operation = ProbeOperation.Tpc,
                        SrcRse = "LAKE-A",
                        DstRse = "LAKE B,1=x",
                        SrcSite = "SITE-1",
                        DstSite = "SITE 2",
                        TpcMode = TpcMode.HttpPull,
                    },
                    3 => result with { Rse = "LAKE B,1=x", Site = "SITE 2" },
                    _ => result with { Rse = "LAKE-A", Site = "SITE-1" },
                };
            }),
        ];
    }

    /// <summary>The series name VictoriaMetrics gives a result's <c>duration_seconds</c> field, and the tags every
    /// server must show for it (DESIGN.md §5 labels, empty ones left out).</summary>
    public static (string Measurement, Dictionary<string, string> Tags) Expected(ProbeResult result)
    {
        var tags = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["protocol"] = result.Protocol,
            ["status"] = result.Status.ToWire(),
            ["failure_kind"] = result.FailureKind?.ToWire(),
            ["kind"] = result.Kind.ToWire(),
        };
        string measurement;
        if (result.Rse is not null)
        {
            measurement = "lakemon_probe";
            tags["rse"] = result.Rse;
            tags["site"] = result.Site;
            tags["operation"] = result.Operation.ToWire();
        }
        else
        {
            measurement = "lakemon_transfer";
            tags["src_rse"] = result.SrcRse;
            tags["dst_rse"] = result.DstRse;
            tags["src_site"] = result.SrcSite;
            tags["dst_site"] = result.DstSite;
            tags["tpc_mode"] = result.TpcMode is { } mode ? TpcModeNames.ToWire(mode) : null;
        }
        return (measurement, tags.Where(t => !string.IsNullOrEmpty(t.Value)).ToDictionary(t => t.Key, t => t.Value!, StringComparer.Ordinal));
    }
}
