using System.Diagnostics.Metrics;
using Lakemon.Collector.Sla;

namespace Lakemon.Collector.Metrics.Implementation;

/// <summary>
/// The <c>lakemon_sla_*_ratio</c> gauges of DESIGN.md §5 from the last computed report. A Prometheus metric has one
/// set of label names, so every series carries rse, site and window: an RSE's series names its site too, a site's has
/// an empty rse (which Prometheus treats as absent). An undefined figure has no sample, like a stale check's success.
/// </summary>
internal sealed class SlaGauges
{
    private volatile IReadOnlyList<(string Rse, string Site, string Window, SlaFigures Figures)> _rows = [];

    public SlaGauges(Meter meter)
    {
        meter.CreateObservableGauge("lakemon_sla_availability_ratio", () => Observe(f => f.Availability), unit: null,
            "SLA availability (DESIGN.md §6) of the RSE or site for today so far (window=\"day\") or this month so far (window=\"month\").");
        meter.CreateObservableGauge("lakemon_sla_reliability_ratio", () => Observe(f => f.Reliability), unit: null,
            "SLA reliability (availability with scheduled downtime left out) of the RSE or site, today or this month so far.");
        meter.CreateObservableGauge("lakemon_sla_unknown_ratio", () => Observe(f => f.Unknown), unit: null,
            "Fraction of time the RSE or site status was unknown (no fresh result), today or this month so far.");
    }

    /// <summary>Takes the figures of today (the report's last day) and of this month (its last month).</summary>
    public void Set(SlaReport report)
    {
        var rows = new List<(string, string, string, SlaFigures)>();
        foreach (var rse in report.Rses)
        {
            Add(rows, rse.Name, rse.Site ?? "", rse);
        }
        foreach (var site in report.Sites)
        {
            Add(rows, "", site.Name, site);
        }
        _rows = rows;
    }

    private static void Add(List<(string, string, string, SlaFigures)> rows, string rse, string site, SlaEntity entity)
    {
        if (entity.Days.Count > 0)
        {
            rows.Add((rse, site, "day", entity.Days[^1].Figures));
        }
        if (entity.Months.Count > 0)
        {
            rows.Add((rse, site, "month", entity.Months[^1].Figures));
        }
    }

    private IEnumerable<Measurement<double>> Observe(Func<SlaFigures, double?> figure)
    {
        foreach (var (rse, site, window, figures) in _rows)
        {
            if (figure(figures) is { } value)
            {
                yield return new Measurement<double>(value,
                    new KeyValuePair<string, object?>("rse", rse),
                    new KeyValuePair<string, object?>("site", site),
                    new KeyValuePair<string, object?>("window", window));
            }
        }
    }
}
