using Lakemon.Collector.Sla;
using Lakemon.Probes.Configuration;
using Lakemon.Probes.Results;
using static Lakemon.Tests.Sla.SlaDays;

namespace Lakemon.Tests.Sla;

/// <summary>Days computed by hand: 24 hourly slices a day, results hourly, freshness 2 h (see <see cref="SlaDays"/>).</summary>
public class SlaCalculatorTests
{
    private static DowntimeOptions Downtime(int fromHour, int toHour, TimeSpan notice, string? rse = "LAKE-A", string? site = null) =>
        new(rse, site, At(October1, fromHour), At(October1, toHour), At(October1, fromHour) - notice, "test");

    [Fact]
    public void Compute_MixedDayWithScheduledDowntime_CountsEachSliceByHand()
    {
        // Scheduled (declared 3 days ahead) 18:00–20:00 turns the OK slices 18 and 19 into DOWNTIME.
        var report = Compute(MixedDay(October1), October1, October1, downtimes: [Downtime(18, 20, TimeSpan.FromDays(3))]);

        var day = Assert.Single(Assert.Single(report.Rses).Days);
        // up = OK 0–5 (6) + WARNING 6–7 (2) + OK 12–13 (2) + OK 16–23 less 18–19 (6) = 16
        Assert.Equal(16, day.Up);
        // unknown = UNKNOWN results 10–11 (2) + the gap after 12:00's 2 h freshness, 14–15 (2) = 4
        Assert.Equal(4, day.Unknown);
        Assert.Equal(2, day.Downtime);
        Assert.Equal(2, day.Critical);
        Assert.Equal(24, day.Slices);
        // A = up / (T − unknown) = 16 / (24 − 4) = 0.8
        Assert.Equal(0.8, day.Figures.Availability);
        // R = up / (T − unknown − down) = 16 / 18 = 0.888889
        Assert.Equal(0.888889, day.Figures.Reliability);
        // unknown = 4 / 24 = 0.166667, downtime = 2 / 24 = 0.083333
        Assert.Equal(0.166667, day.Figures.Unknown);
        Assert.Equal(0.083333, day.Figures.Downtime);
        // targets: A 0.8 ≥ 0.8 met, R 0.888889 ≥ 0.85 met, unknown 0.166667 > 0.10 failed
        Assert.Equal(new SlaVerdict(true, true, false), day.Verdict);
        Assert.Equal(["unknown"], day.Verdict.Failed);
    }

    [Fact]
    public void Compute_UnscheduledDowntime_CountsAsCritical()
    {
        // Declared 2 h before it starts (< 24 h): slices 18 and 19 are CRITICAL, not DOWNTIME.
        var report = Compute(MixedDay(October1), October1, October1, downtimes: [Downtime(18, 20, TimeSpan.FromHours(2))]);

        var day = Assert.Single(Assert.Single(report.Rses).Days);
        // up = 16 as with the scheduled one; critical = 8–9 (2) + 18–19 (2) = 4; down = 0
        Assert.Equal((16, 4, 4, 0), (day.Up, day.Unknown, day.Critical, day.Downtime));
        // A = 16 / (24 − 4) = 0.8; R = 16 / (24 − 4 − 0) = 0.8
        Assert.Equal(0.8, day.Figures.Availability);
        Assert.Equal(0.8, day.Figures.Reliability);
        Assert.Equal(0.0, day.Figures.Downtime);
    }

    [Fact]
    public void Compute_DowntimeDeclaredExactly24HoursAhead_IsScheduled()
    {
        var report = Compute(MixedDay(October1), October1, October1, downtimes: [Downtime(18, 20, TimeSpan.FromHours(24))]);

        Assert.Equal(2, Assert.Single(Assert.Single(report.Rses).Days).Downtime);
    }

    [Fact]
    public void Compute_SiteDowntime_CoversEveryRseOfTheSite()
    {
        var report = Compute(MixedDay(October1), October1, October1,
            downtimes: [Downtime(18, 20, TimeSpan.FromDays(3), rse: null, site: "LOCAL-1")]);

        Assert.Equal(2, Assert.Single(Assert.Single(report.Rses).Days).Downtime);
        Assert.Equal(2, Assert.Single(Assert.Single(report.Sites).Days).Downtime);
    }

    [Fact]
    public void Compute_GapLongerThanFreshness_IsUnknownNotTheLastStatus()
    {
        // One OK at 00:00 and nothing else: it holds 2 h (slices 0–1), the other 22 slices are UNKNOWN.
        var report = Compute([StorageSample(At(October1, 0), ProbeStatus.Ok)], October1, October1);

        var day = Assert.Single(Assert.Single(report.Rses).Days);
        Assert.Equal((2, 22), (day.Up, day.Unknown));
        // A = 2 / (24 − 22) = 1; unknown = 22 / 24 = 0.916667
        Assert.Equal(1.0, day.Figures.Availability);
        Assert.Equal(0.916667, day.Figures.Unknown);
    }

    [Fact]
    public void Compute_ResultFromTheDayBefore_HoldsIntoTheWindowForItsFreshness()
    {
        // A CRITICAL at 23:00 on 30 September holds until 01:00: slice 0 of 1 October is CRITICAL, the rest UNKNOWN.
        var report = Compute([StorageSample(At(October1, -1), ProbeStatus.Critical)], October1, October1);

        var day = Assert.Single(Assert.Single(report.Rses).Days);
        Assert.Equal((0, 1, 23), (day.Up, day.Critical, day.Unknown));
        // A = 0 / (24 − 23) = 0
        Assert.Equal(0.0, day.Figures.Availability);
    }

    [Fact]
    public void Compute_StatusChangeInsideASlice_TakesTheWorstOfTheSlice()
    {
        // OK at 00:00, CRITICAL at 00:30, OK at 01:00 and hourly on: slice 0 saw CRITICAL, so it is CRITICAL.
        var samples = AllOk(October1).Append(StorageSample(At(October1, 0).AddMinutes(30), ProbeStatus.Critical));

        var day = Assert.Single(Assert.Single(Compute(samples, October1, October1).Rses).Days);

        Assert.Equal((23, 1), (day.Up, day.Critical));
    }

    [Fact]
    public void Compute_WholeDayUnknown_IsUndefinedNotZero()
    {
        var report = Compute([], October1, October1);

        var day = Assert.Single(Assert.Single(report.Rses).Days);
        // T − unknown = 24 − 24 = 0: A and R are undefined; unknown = 24 / 24 = 1
        Assert.Null(day.Figures.Availability);
        Assert.Null(day.Figures.Reliability);
        Assert.Equal(1.0, day.Figures.Unknown);
        // Undefined figures are not judged; the day fails on its unknown fraction (1 > 0.10).
        Assert.Equal(new SlaVerdict(null, null, false), day.Verdict);
        Assert.False(day.Verdict.Pass);
    }

    [Fact]
    public void Compute_MonthFromDays_UsesTheMeansOfTheDailyFractions()
    {
        var october3 = October1.AddDays(2);
        // 1 Oct: the mixed day with the scheduled downtime (up 16, unknown 4, down 2 of 24);
        // 2 Oct: no result at all (22:00 of 1 Oct holds to midnight exactly), all 24 UNKNOWN;
        // 3 Oct: OK every hour, 24 up.
        var samples = MixedDay(October1).Concat(AllOk(october3));
        var report = Compute(samples, October1, october3, downtimes: [Downtime(18, 20, TimeSpan.FromDays(3))]);

        var rse = Assert.Single(report.Rses);
        Assert.Equal([16, 0, 24], rse.Days.Select(d => d.Up));
        Assert.Equal([4, 24, 0], rse.Days.Select(d => d.Unknown));
        var month = Assert.Single(rse.Months);
        Assert.Equal("2026-10", month.Month);
        Assert.Equal(3, month.Days);
        // mean(up) = (16/24 + 0 + 24/24) / 3 = 40/72; mean(unknown) = (4/24 + 24/24 + 0) / 3 = 28/72;
        // mean(down) = (2/24) / 3 = 2/72.
        // A = (40/72) / (1 − 28/72) = 40/44 = 0.909091
        Assert.Equal(0.909091, month.Figures.Availability);
        // R = (40/72) / (1 − 28/72 − 2/72) = 40/42 = 0.952381
        Assert.Equal(0.952381, month.Figures.Reliability);
        // unknown = 28/72 = 0.388889; downtime = 2/72 = 0.027778
        Assert.Equal(0.388889, month.Figures.Unknown);
        Assert.Equal(0.027778, month.Figures.Downtime);
        Assert.Equal(["unknown"], month.Verdict.Failed);
        Assert.False(report.Pass);
    }

    [Fact]
    public void Compute_MonthOfOnlyUnknownDays_IsUndefined()
    {
        var report = Compute([], October1, October1.AddDays(1));

        var month = Assert.Single(Assert.Single(report.Rses).Months);
        // mean(unknown) = 1: A = mean(up) / (1 − 1) is undefined
        Assert.Null(month.Figures.Availability);
        Assert.Null(month.Figures.Reliability);
        Assert.Equal(1.0, month.Figures.Unknown);
    }

    /// <summary>root: 0–5 OK, 6–11 CRITICAL, 12–17 UNKNOWN, 18–23 WARNING; https: 0–5 CRITICAL, 6–11 UNKNOWN,
    /// 12–17 OK, 18–23 OK.</summary>
    private static IEnumerable<Lakemon.Collector.Store.StatusSample> TwoDoors()
    {
        ProbeStatus[] root = [ProbeStatus.Ok, ProbeStatus.Critical, ProbeStatus.Unknown, ProbeStatus.Warning];
        ProbeStatus[] https = [ProbeStatus.Critical, ProbeStatus.Unknown, ProbeStatus.Ok, ProbeStatus.Ok];
        for (var h = 0; h < 24; h++)
        {
            yield return StorageSample(At(October1, h), root[h / 6], protocol: "root");
            yield return StorageSample(At(October1, h), https[h / 6], protocol: "https");
        }
    }

    [Fact]
    public void Compute_AndAcrossProtocols_TakesTheWorstDoor()
    {
        var report = Compute(TwoDoors(), October1, October1, Options(protocols: SlaProfileMode.And),
            rses: [Rse("LAKE-A", "LOCAL-1", "root", "https")]);

        var day = Assert.Single(Assert.Single(report.Rses).Days);
        // 0–5 OK AND CRITICAL = CRITICAL; 6–11 CRITICAL AND UNKNOWN = CRITICAL; 12–17 UNKNOWN AND OK = UNKNOWN;
        // 18–23 WARNING AND OK = WARNING: up 6, unknown 6, critical 12
        Assert.Equal((6, 6, 12), (day.Up, day.Unknown, day.Critical));
        // A = 6 / (24 − 6) = 0.333333
        Assert.Equal(0.333333, day.Figures.Availability);
    }

    [Fact]
    public void Compute_OrAcrossProtocols_TakesTheBestDoorButCriticalBeatsUnknown()
    {
        var report = Compute(TwoDoors(), October1, October1, Options(protocols: SlaProfileMode.Or),
            rses: [Rse("LAKE-A", "LOCAL-1", "root", "https")]);

        var day = Assert.Single(Assert.Single(report.Rses).Days);
        // 0–5 OK OR CRITICAL = OK; 6–11 CRITICAL OR UNKNOWN = CRITICAL; 12–17 UNKNOWN OR OK = OK;
        // 18–23 WARNING OR OK = OK: up 18, critical 6
        Assert.Equal((18, 0, 6), (day.Up, day.Unknown, day.Critical));
        // A = 18 / 24 = 0.75
        Assert.Equal(0.75, day.Figures.Availability);
    }

    [Fact]
    public void Compute_ConfiguredProtocolWithoutResults_IsUnknownUnderAnd()
    {
        // https never answered: root OK all day AND https UNKNOWN all day = UNKNOWN all day.
        var report = Compute(AllOk(October1), October1, October1, rses: [Rse("LAKE-A", "LOCAL-1", "root", "https")]);

        Assert.Equal(24, Assert.Single(Assert.Single(report.Rses).Days).Unknown);
    }

    [Theory]
    [InlineData(SlaProfileMode.Or, 1.0)]
    [InlineData(SlaProfileMode.And, 0.0)]
    public void Compute_SiteProfile_CombinesItsRses(SlaProfileMode mode, double availability)
    {
        // LAKE-A OK all day, LAKE-B CRITICAL all day: OR gives 24 up (A = 1), AND gives 24 critical (A = 0).
        var samples = AllOk(October1, "LAKE-A").Concat(
            Enumerable.Range(0, 24).Select(h => StorageSample(At(October1, h), ProbeStatus.Critical, rse: "LAKE-B")));

        var report = Compute(samples, October1, October1, Options(rses: mode),
            rses: [Rse("LAKE-A", "LOCAL-1", "root"), Rse("LAKE-B", "LOCAL-1", "root")]);

        var site = Assert.Single(report.Sites);
        Assert.Equal(["LAKE-A", "LAKE-B"], site.Members);
        Assert.Equal(availability, Assert.Single(site.Days).Figures.Availability);
    }

    [Fact]
    public void Compute_ProfilePerRse_OverridesTheDefault()
    {
        var options = Options(protocols: SlaProfileMode.And) with
        {
            ProtocolsPerRse = new Dictionary<string, SlaProfileMode> { ["LAKE-A"] = SlaProfileMode.Or },
        };

        var report = Compute(TwoDoors(), October1, October1, options, rses: [Rse("LAKE-A", "LOCAL-1", "root", "https")]);

        Assert.Equal(0.75, Assert.Single(Assert.Single(report.Rses).Days).Figures.Availability);
    }

    [Fact]
    public void Compute_TpcLinks_RatioLeavesUnknownOut()
    {
        // 3 OK + 1 WARNING + 1 CRITICAL + 2 UNKNOWN: (3 + 1) / (3 + 1 + 1) = 0.8
        ProbeStatus[] statuses = [ProbeStatus.Ok, ProbeStatus.Ok, ProbeStatus.Ok, ProbeStatus.Warning, ProbeStatus.Critical, ProbeStatus.Unknown, ProbeStatus.Unknown];
        var samples = statuses.Select((s, i) => Transfer(At(October1, i), s));

        var link = Assert.Single(Compute(samples, October1, October1).Links);

        Assert.Equal(("LAKE-A", "LAKE-B", "http-pull"), (link.Source, link.Destination, link.Mode));
        Assert.Equal((3, 1, 1, 2), (link.Ok, link.Warning, link.Critical, link.Unknown));
        Assert.Equal(0.8, link.SuccessRatio);
    }

    [Fact]
    public void Compute_TpcLinkWithOnlyUnknown_HasNoRatio()
    {
        var link = Assert.Single(Compute([Transfer(At(October1, 1), ProbeStatus.Unknown)], October1, October1).Links);

        Assert.Null(link.SuccessRatio);
    }

    [Fact]
    public void Compute_DayCutAtNow_CountsOnlyElapsedSlices()
    {
        // At 06:30 slices 0–6 exist (the one in progress counts): T = 7, all OK.
        var report = Compute(AllOk(October1), October1, October1, now: At(October1, 6).AddMinutes(30));

        var day = Assert.Single(Assert.Single(report.Rses).Days);
        Assert.Equal((7, 7), (day.Slices, day.Up));
        Assert.Equal(1.0, day.Figures.Availability);
    }

    [Fact]
    public void Compute_RseFilter_KeepsOnlyThatRseAndNoSiteRows()
    {
        var samples = AllOk(October1, "LAKE-A").Concat(AllOk(October1, "LAKE-B"));

        var report = Compute(samples, October1, October1, rses: [Rse("LAKE-A", "LOCAL-1", "root"), Rse("LAKE-B", "LOCAL-2", "root")], rse: "LAKE-B");

        Assert.Equal("LAKE-B", Assert.Single(report.Rses).Name);
        Assert.Empty(report.Sites);
    }
}
