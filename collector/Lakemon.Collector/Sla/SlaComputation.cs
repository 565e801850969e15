using Lakemon.Collector.Store;
using Lakemon.Probes.Configuration;
using Lakemon.Probes.Results;

namespace Lakemon.Collector.Sla;

/// <summary>
/// One report being computed: status samples go in one at a time (so memory is bounded by checks × slices, not by the
/// number of results), the report comes out of <see cref="Finish"/>.
/// </summary>
public sealed class SlaComputation
{
    private static readonly string TpcOperation = ProbeOperation.Tpc.ToWire();

    private readonly SlaCalculator calculator;
    private readonly SliceGrid grid;
    private readonly DateOnly from;
    private readonly DateOnly to;
    private readonly string? rseFilter;
    private readonly string? siteFilter;
    private readonly IReadOnlyList<RseOptions> configured;
    private readonly IReadOnlyList<DowntimeOptions> downtimes;
    private readonly Dictionary<SlaCheck, CheckTimeline> checks = [];
    private readonly Dictionary<string, string?> seenSites = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Source, string Destination, string Mode), int[]> links = [];

    internal SlaComputation(SlaCalculator calculator, SliceGrid grid, DateOnly from, DateOnly to, string? rse, string? site,
        IReadOnlyList<RseOptions> configured, IReadOnlyList<DowntimeOptions> downtimes)
    {
        this.calculator = calculator;
        this.grid = grid;
        this.from = from;
        this.to = to;
        rseFilter = rse;
        siteFilter = site;
        this.configured = configured;
        this.downtimes = downtimes;
    }

    /// <summary>The samples to feed start here: a result up to one freshness before the first slice still holds in it.</summary>
    public DateTimeOffset Since => DateTimeOffset.FromUnixTimeMilliseconds(grid.StartMilliseconds) - calculator.Freshness;

    public DateTimeOffset Until => DateTimeOffset.FromUnixTimeMilliseconds(grid.EndMilliseconds);

    /// <summary>The next sample; samples come oldest first.</summary>
    public void Add(in StatusSample sample)
    {
        if (sample.Operation == TpcOperation)
        {
            AddTransfer(sample);
            return;
        }
        if (sample.Rse is not { } rse || (rseFilter is not null && rse != rseFilter) || (siteFilter is not null && sample.Site != siteFilter))
        {
            return;
        }
        var key = new SlaCheck(rse, sample.Protocol, sample.Operation, sample.SizeBytes);
        if (!checks.TryGetValue(key, out var timeline))
        {
            timeline = new CheckTimeline(grid, calculator.Freshness);
            checks.Add(key, timeline);
            seenSites.TryAdd(rse, sample.Site);
        }
        timeline.Add(sample.StartedAtMilliseconds, sample.Status);
    }

    public SlaReport Finish()
    {
        var options = calculator.Options;
        var rseSites = new SortedDictionary<string, string?>(StringComparer.Ordinal);
        var expectedProtocols = new Dictionary<string, IEnumerable<string>>(StringComparer.Ordinal);
        foreach (var rse in configured.Where(r => r.Enabled && (rseFilter is null || r.Name == rseFilter) && (siteFilter is null || r.Site == siteFilter)))
        {
            rseSites[rse.Name] = rse.Site;
            expectedProtocols[rse.Name] = rse.Protocols.Select(p => p.Scheme);
        }
        foreach (var (rse, site) in seenSites)
        {
            rseSites.TryAdd(rse, site);
        }
        var protocolSlices = new Dictionary<string, Dictionary<string, SlaStatus[]>>(StringComparer.Ordinal);
        foreach (var (check, timeline) in checks)
        {
            var byProtocol = protocolSlices.TryGetValue(check.Rse, out var found) ? found : protocolSlices[check.Rse] = new(StringComparer.Ordinal);
            var slices = timeline.Finish();
            if (byProtocol.TryGetValue(check.Protocol, out var combined))
            {
                // Operations (and sizes) of one protocol always AND: every step of the lifecycle must work.
                for (var i = 0; i < combined.Length; i++)
                {
                    combined[i] = SlaTruthTable.And(combined[i], slices[i]);
                }
            }
            else
            {
                byProtocol[check.Protocol] = slices;
            }
        }

        var rseRows = new List<SlaEntity>();
        var rseStatuses = new Dictionary<string, SlaStatus[]>(StringComparer.Ordinal);
        foreach (var (rse, site) in rseSites)
        {
            var byProtocol = protocolSlices.GetValueOrDefault(rse) ?? new Dictionary<string, SlaStatus[]>(StringComparer.Ordinal);
            foreach (var protocol in expectedProtocols.GetValueOrDefault(rse) ?? [])
            {
                // A configured door that never answered is not known to work.
                byProtocol.TryAdd(protocol, Filled(SlaStatus.Unknown));
            }
            var statuses = Combine(options.ProtocolsOf(rse), byProtocol.Values) ?? Filled(SlaStatus.Unknown);
            ApplyDowntimes(statuses, rse, site);
            rseStatuses[rse] = statuses;
            rseRows.Add(Entity(rse, site, [], statuses));
        }

        var siteRows = new List<SlaEntity>();
        if (rseFilter is null)
        {
            foreach (var group in rseSites.Where(p => p.Value is not null).GroupBy(p => p.Value!, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var members = group.Select(p => p.Key).ToList();
                var statuses = Combine(options.RsesOf(group.Key), members.Select(m => rseStatuses[m]))!;
                siteRows.Add(Entity(group.Key, null, members, statuses));
            }
        }

        var linkRows = links
            .OrderBy(l => l.Key.Source, StringComparer.Ordinal).ThenBy(l => l.Key.Destination, StringComparer.Ordinal).ThenBy(l => l.Key.Mode, StringComparer.Ordinal)
            .Select(l => new SlaLink(l.Key.Source, l.Key.Destination, l.Key.Mode, l.Value[0], l.Value[1], l.Value[2], l.Value[3]))
            .ToList();
        return new SlaReport(from, to, options.Slice, options.Targets, rseRows, siteRows, linkRows);
    }

    private void AddTransfer(in StatusSample sample)
    {
        if (sample.StartedAtMilliseconds < grid.StartMilliseconds || sample.SrcRse is not { } source || sample.DstRse is not { } destination)
        {
            return;
        }
        if (rseFilter is not null && source != rseFilter && destination != rseFilter)
        {
            return;
        }
        var key = (source, destination, sample.TpcMode ?? sample.Protocol);
        if (!links.TryGetValue(key, out var counts))
        {
            links[key] = counts = new int[4];
        }
        counts[(int)sample.Status]++;
    }

    private SlaStatus[] Filled(SlaStatus status)
    {
        var statuses = new SlaStatus[grid.Count];
        Array.Fill(statuses, status);
        return statuses;
    }

    private static SlaStatus[]? Combine(SlaProfileMode mode, IEnumerable<SlaStatus[]> members)
    {
        SlaStatus[]? combined = null;
        foreach (var member in members)
        {
            if (combined is null)
            {
                combined = (SlaStatus[])member.Clone();
                continue;
            }
            for (var i = 0; i < combined.Length; i++)
            {
                combined[i] = SlaTruthTable.Combine(mode, combined[i], member[i]);
            }
        }
        return combined;
    }

    /// <summary>A slice that a downtime touches is DOWNTIME when the downtime was scheduled, else CRITICAL (DESIGN.md §6);
    /// a site's downtime covers each of its RSEs.</summary>
    private void ApplyDowntimes(SlaStatus[] statuses, string rse, string? site)
    {
        foreach (var downtime in downtimes)
        {
            if (downtime.Rse != rse && (downtime.Site is null || downtime.Site != site))
            {
                continue;
            }
            var start = Math.Max(downtime.Start.ToUnixTimeMilliseconds(), grid.StartMilliseconds);
            var end = Math.Min(downtime.End.ToUnixTimeMilliseconds(), grid.EndMilliseconds);
            if (end <= start)
            {
                continue;
            }
            var status = downtime.Scheduled ? SlaStatus.Downtime : SlaStatus.Critical;
            var first = (int)((start - grid.StartMilliseconds) / grid.SliceMilliseconds);
            var last = (int)((end - 1 - grid.StartMilliseconds) / grid.SliceMilliseconds);
            for (var i = first; i <= last; i++)
            {
                statuses[i] = SlaTruthTable.And(statuses[i], status);
            }
        }
    }

    private SlaEntity Entity(string name, string? site, IReadOnlyList<string> members, SlaStatus[] statuses)
    {
        var targets = calculator.Options.Targets;
        var days = new List<SlaDay>();
        var perDay = grid.SlicesPerDay;
        for (var first = 0; first < statuses.Length; first += perDay)
        {
            var count = Math.Min(perDay, statuses.Length - first);
            int up = 0, unknown = 0, down = 0, critical = 0;
            for (var i = first; i < first + count; i++)
            {
                switch (statuses[i])
                {
                    case SlaStatus.Ok or SlaStatus.Warning:
                        up++;
                        break;
                    case SlaStatus.Unknown:
                        unknown++;
                        break;
                    case SlaStatus.Downtime:
                        down++;
                        break;
                    default:
                        critical++;
                        break;
                }
            }
            var figures = SlaFigures.OfDay(count, up, unknown, down);
            days.Add(new SlaDay(from.AddDays(first / perDay), count, up, unknown, down, critical, figures, SlaVerdict.Of(figures, targets)));
        }
        var months = days
            .GroupBy(d => (d.Date.Year, d.Date.Month))
            .Select(month =>
            {
                var figures = SlaFigures.OfMonth(
                    month.Average(d => (double)d.Up / d.Slices),
                    month.Average(d => (double)d.Unknown / d.Slices),
                    month.Average(d => (double)d.Downtime / d.Slices));
                return new SlaMonth($"{month.Key.Year:D4}-{month.Key.Month:D2}", month.Count(), figures, SlaVerdict.Of(figures, targets));
            })
            .ToList();
        return new SlaEntity(name, site, members, days, months);
    }
}
