using Lakemon.Collector.Sla;
using Lakemon.Collector.Store;
using Lakemon.Probes.Configuration;
using Lakemon.Probes.Results;

namespace Lakemon.Tests.Sla;

/// <summary>
/// Hand-made days for the SLA tests: hourly slices (24 a day, easy to count by hand) and hourly results that hold for
/// 2 h (freshness = 2 × the hourly interval).
/// </summary>
internal static class SlaDays
{
    public static readonly DateOnly October1 = new(2026, 10, 1);

    public static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    public static DateTimeOffset At(DateOnly day, int hour) => new(day.ToDateTime(TimeOnly.MinValue).AddHours(hour), TimeSpan.Zero);

    public static SlaOptions Options(SlaProfileMode protocols = SlaProfileMode.And, SlaProfileMode rses = SlaProfileMode.Or) =>
        SlaOptions.Defaults(null) with { Slice = Hour, Protocols = protocols, Rses = rses };

    public static RseOptions Rse(string name, string site, params string[] schemes) => new(
        name, site, true, [.. schemes.Select(s => new ProtocolOptions(s, new Uri($"{s}://127.0.0.1:1/lake")))],
        ChecksumAlgorithm.Adler32, [], 4, null);

    public static StatusSample StorageSample(DateTimeOffset at, ProbeStatus status, string rse = "LAKE-A", string protocol = "root",
        string operation = "read", string site = "LOCAL-1") =>
        new(at.ToUnixTimeMilliseconds(), rse, site, null, null, protocol, operation, null, 1024, status);

    public static StatusSample Transfer(DateTimeOffset at, ProbeStatus status, string source = "LAKE-A", string destination = "LAKE-B", string mode = "http-pull") =>
        new(at.ToUnixTimeMilliseconds(), null, null, source, destination, "https", "tpc", mode, 1024, status);

    /// <summary>
    /// The mixed day, one check (LAKE-A root read), results on the hour:
    /// 00–05 OK, 06–07 WARNING, 08–09 CRITICAL, 10–11 UNKNOWN, 12 OK then silence until 16 (12:00 holds to 14:00, so
    /// 14–15 are UNKNOWN), 16–22 OK (22:00 holds to midnight). Slices: OK 0–5, 12–13, 16–23; WARNING 6–7; CRITICAL 8–9;
    /// UNKNOWN 10–11, 14–15.
    /// </summary>
    public static IEnumerable<StatusSample> MixedDay(DateOnly day)
    {
        for (var h = 0; h <= 22; h++)
        {
            var status = h switch
            {
                < 6 => ProbeStatus.Ok,
                < 8 => ProbeStatus.Warning,
                < 10 => ProbeStatus.Critical,
                < 12 => ProbeStatus.Unknown,
                12 => ProbeStatus.Ok,
                < 16 => (ProbeStatus?)null,
                _ => ProbeStatus.Ok,
            };
            if (status is { } s)
            {
                yield return StorageSample(At(day, h), s);
            }
        }
    }

    /// <summary>An OK result every hour of the day; the 23:00 one holds past midnight.</summary>
    public static IEnumerable<StatusSample> AllOk(DateOnly day, string rse = "LAKE-A", string protocol = "root") =>
        Enumerable.Range(0, 24).Select(h => StorageSample(At(day, h), ProbeStatus.Ok, rse, protocol));

    public static SlaReport Compute(IEnumerable<StatusSample> samples, DateOnly from, DateOnly to, SlaOptions? options = null,
        IReadOnlyList<DowntimeOptions>? downtimes = null, IReadOnlyList<RseOptions>? rses = null, string? rse = null,
        DateTimeOffset? now = null)
    {
        var calculator = new SlaCalculator(options ?? Options(), rses ?? [Rse("LAKE-A", "LOCAL-1", "root")], 2 * Hour, downtimes ?? []);
        var computation = calculator.Start(from, to, now ?? DateTimeOffset.MaxValue, rse);
        foreach (var sample in samples.OrderBy(s => s.StartedAtMilliseconds))
        {
            computation.Add(sample);
        }
        return computation.Finish();
    }
}
