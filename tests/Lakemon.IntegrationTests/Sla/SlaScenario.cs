using Lakemon.Probes.Configuration;
using Lakemon.Probes.Results;

namespace Lakemon.IntegrationTests.Sla;

/// <summary>
/// Two days of synthetic results (1 and 2 October 2026) and the configuration that judges them, with hourly slices so
/// that the expected figures can be counted by hand:
/// <list type="bullet">
/// <item>LAKE-A (site LOCAL-1), root and https, AND across them. https: OK every hour both days. root on 1 Oct: 00–05
/// OK, 06–07 WARNING, 08–09 CRITICAL, 10–11 UNKNOWN, 12 OK, silence until 16 (12:00 holds 2 h, so 14–15 UNKNOWN),
/// 16–22 OK; on 2 Oct OK every hour. Day 1: up 18, unknown 4, critical 2 of 24; day 2: 24 up.</item>
/// <item>LAKE-B (site LOCAL-2), root: OK 00–22 on 1 Oct (22:00 holds to midnight), with a scheduled downtime 18–20
/// (declared 3 days ahead): up 22, downtime 2. Nothing on 2 Oct: all UNKNOWN.</item>
/// <item>TPC LAKE-A→LAKE-B http-pull on 1 Oct: OK, OK, OK, CRITICAL.</item>
/// </list>
/// </summary>
internal static class SlaScenario
{
    public static readonly DateOnly Day1 = new(2026, 10, 1);

    private static DateTimeOffset At(int day, int hour) => new(2026, 10, day, hour, 0, 0, TimeSpan.Zero);

    public static string Config(string storePath) => $"""
        sites:
          - name: LOCAL-1
          - name: LOCAL-2
        rses:
          - name: LAKE-A
            site: LOCAL-1
            protocols:
              - scheme: root
                prefix: root://127.0.0.1:1//lake
              - scheme: https
                prefix: https://127.0.0.1:1/lake
          - name: LAKE-B
            site: LOCAL-2
            protocols:
              - scheme: root
                prefix: root://127.0.0.1:2//lake
        schedules:
          storage: "0 * * * *"
        store:
          sqlite:
            path: {storePath}
        sla:
          slice: 1h
          downtimes:
            - rse: LAKE-B
              start: 2026-10-01T18:00:00Z
              end: 2026-10-01T20:00:00Z
              declared: 2026-09-28T18:00:00Z
              description: scheduled intervention
        """;

    public static IEnumerable<ProbeResult> Results()
    {
        var n = 0;
        ProbeResult Storage(string rse, string site, string protocol, DateTimeOffset at, ProbeStatus status) => new()
        {
            Id = $"sla-{n++:D5}",
            RunId = "sla-scenario",
            Kind = RunKind.Scheduled,
            Operation = ProbeOperation.Read,
            Rse = rse,
            Site = site,
            Protocol = protocol,
            SizeBytes = 1024,
            StartedAt = at,
            Duration = TimeSpan.FromSeconds(1),
            Status = status,
            FailureKind = status switch
            {
                ProbeStatus.Critical => FailureKind.Connect,
                ProbeStatus.Unknown => FailureKind.PrerequisiteFailed,
                _ => null,
            },
        };
        for (var h = 0; h < 24; h++)
        {
            yield return Storage("LAKE-A", "LOCAL-1", "https", At(1, h), ProbeStatus.Ok);
            yield return Storage("LAKE-A", "LOCAL-1", "https", At(2, h), ProbeStatus.Ok);
            yield return Storage("LAKE-A", "LOCAL-1", "root", At(2, h), ProbeStatus.Ok);
            ProbeStatus? root = h switch
            {
                < 6 => ProbeStatus.Ok,
                < 8 => ProbeStatus.Warning,
                < 10 => ProbeStatus.Critical,
                < 12 => ProbeStatus.Unknown,
                12 => ProbeStatus.Ok,
                < 16 => null,
                < 23 => ProbeStatus.Ok,
                _ => null,
            };
            if (root is { } status)
            {
                yield return Storage("LAKE-A", "LOCAL-1", "root", At(1, h), status);
            }
            if (h < 23)
            {
                yield return Storage("LAKE-B", "LOCAL-2", "root", At(1, h), ProbeStatus.Ok);
            }
        }
        ProbeStatus[] transfers = [ProbeStatus.Ok, ProbeStatus.Ok, ProbeStatus.Ok, ProbeStatus.Critical];
        for (var i = 0; i < transfers.Length; i++)
        {
            yield return new ProbeResult
            {
                Id = $"sla-tpc-{i}",
                RunId = "sla-scenario",
                Kind = RunKind.Scheduled,
                Operation = ProbeOperation.Tpc,
                SrcRse = "LAKE-A",
                DstRse = "LAKE-B",
                SrcSite = "LOCAL-1",
                DstSite = "LOCAL-2",
                Protocol = "https",
                TpcMode = TpcMode.HttpPull,
                SizeBytes = 1024,
                StartedAt = At(1, 1 + i),
                Duration = TimeSpan.FromSeconds(2),
                Status = transfers[i],
                FailureKind = transfers[i] == ProbeStatus.Critical ? FailureKind.TpcFailed : null,
            };
        }
    }

    public static string Jsonl() => string.Concat(Results().Select(r => ProbeResultJson.Serialize(r) + "\n"));
}
