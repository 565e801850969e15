using System.Text.Json;
using Lakemon.Collector.Metrics;
using Lakemon.Collector.Sla;
using Lakemon.Probes.Configuration;
using Lakemon.Probes.Results;

namespace Lakemon.Collector.StatusPage;

/// <summary>
/// What the status page shows, as JSON (<c>GET /api/v1/status</c>): every configured RSE × protocol with the worst
/// status over its operations (DESIGN.md §6 AND: OK &lt; WARNING &lt; UNKNOWN &lt; CRITICAL; a check never reported is
/// UNKNOWN), every transfer link seen, and the newest failures with their (already redacted) messages.
/// </summary>
public static class StatusBoard
{
    private const int MaxProblems = 50;

    /// <summary>The status of a slice in scheduled downtime (DESIGN.md §6), shown instead of the checks' own.</summary>
    public const string Downtime = "DOWNTIME";

    public static void Write(Utf8JsonWriter json, LakemonOptions config, LakemonMetrics metrics, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(metrics);
        var checks = metrics.StorageChecks();
        var links = metrics.TransferLinks();
        var byRse = checks.GroupBy(c => c.Last.Rse!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);

        json.WriteStartObject();
        json.WriteString("generated_at", now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture));
        var protocols = config.Rses.SelectMany(r => r.Protocols.Select(p => p.Scheme)).Concat(checks.Select(c => c.Last.Protocol))
            .Distinct(StringComparer.Ordinal).ToList();
        json.WriteStartArray("protocols");
        protocols.ForEach(json.WriteStringValue);
        json.WriteEndArray();

        json.WriteStartArray("rses");
        var configured = config.Rses.Where(r => r.Enabled).Select(r => (r.Name, r.Site, Protocols: r.Protocols.Select(p => p.Scheme).ToList())).ToList();
        // RSEs reported by agents but absent from this collector's configuration are shown too.
        configured.AddRange(byRse.Keys.Where(name => configured.All(c => c.Name != name))
            .Select(name => (name, byRse[name][0].Last.Site ?? "", byRse[name].Select(c => c.Last.Protocol).Distinct(StringComparer.Ordinal).ToList())));
        foreach (var (name, site, rseProtocols) in configured)
        {
            var known = byRse.GetValueOrDefault(name) ?? [];
            // A scheduled downtime going on now shows as such (DESIGN.md §6); an unscheduled one counts as what it is.
            var downtime = config.Sla.Downtimes.FirstOrDefault(d => d.Scheduled && d.Start <= now && now < d.End
                && (string.Equals(d.Rse, name, StringComparison.Ordinal) || string.Equals(d.Site, site, StringComparison.Ordinal)));
            var cells = rseProtocols.Union(known.Select(c => c.Last.Protocol), StringComparer.Ordinal)
                .Select(protocol => (Protocol: protocol, Checks: known.Where(c => c.Last.Protocol == protocol).OrderBy(c => c.Last.Operation).ToList()))
                .ToList();
            json.WriteStartObject();
            json.WriteString("rse", name);
            json.WriteString("site", site);
            json.WriteString("status", downtime is null ? Worst(cells.Select(c => CellStatus(c.Checks))).ToWire() : Downtime);
            if (downtime is not null)
            {
                json.WriteStartObject("downtime");
                json.WriteString("start", downtime.Start.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture));
                json.WriteString("end", downtime.End.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture));
                json.WriteString("description", downtime.Description);
                json.WriteEndObject();
            }
            json.WriteStartArray("protocols");
            foreach (var (protocol, cellChecks) in cells)
            {
                json.WriteStartObject();
                json.WriteString("protocol", protocol);
                json.WriteString("status", downtime is null ? CellStatus(cellChecks).ToWire() : Downtime);
                json.WriteStartArray("checks");
                foreach (var check in cellChecks)
                {
                    json.WriteStartObject();
                    json.WriteString("operation", check.Last.Operation.ToWire());
                    WriteState(json, check, now);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();

        json.WriteStartArray("links");
        foreach (var link in links.OrderBy(l => l.Last.SrcRse, StringComparer.Ordinal).ThenBy(l => l.Last.DstRse, StringComparer.Ordinal)
                     .ThenBy(l => l.Last.TpcMode))
        {
            json.WriteStartObject();
            json.WriteString("src_rse", link.Last.SrcRse);
            json.WriteString("dst_rse", link.Last.DstRse);
            json.WriteString("protocol", link.Last.Protocol);
            json.WriteString("tpc_mode", link.Last.TpcMode is { } mode ? TpcModeNames.ToWire(mode) : null);
            WriteState(json, link, now);
            json.WriteEndObject();
        }
        json.WriteEndArray();

        json.WriteStartArray("problems");
        foreach (var problem in checks.Concat(links).Where(c => c.Status is ProbeStatus.Critical or ProbeStatus.Warning || c.Last.Status != ProbeStatus.Ok)
                     .Where(c => c.Last.FailureKind != FailureKind.PrerequisiteFailed)
                     .OrderByDescending(c => c.CompletedAt).Take(MaxProblems))
        {
            json.WriteStartObject();
            json.WriteString("subject", problem.Last.Rse is { } rse
                ? $"{rse} {problem.Last.Protocol} {problem.Last.Operation.ToWire()}"
                : $"{problem.Last.SrcRse} → {problem.Last.DstRse} {(problem.Last.TpcMode is { } m ? TpcModeNames.ToWire(m) : problem.Last.Protocol)}");
            WriteState(json, problem, now);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>AND over the checks of one cell; no check at all is UNKNOWN (nothing tells us it works).</summary>
    public static ProbeStatus CellStatus(IReadOnlyCollection<CheckState> checks) =>
        checks.Count == 0 ? ProbeStatus.Unknown : Worst(checks.Select(c => c.Status));

    /// <summary>DESIGN.md §6 AND (OK &lt; WARNING &lt; UNKNOWN &lt; CRITICAL), from the SLA engine's one truth table.</summary>
    public static ProbeStatus Worst(IEnumerable<ProbeStatus> statuses) =>
        statuses.DefaultIfEmpty(ProbeStatus.Unknown)
            .Aggregate((left, right) => SlaTruthTable.And(SlaTruthTable.Of(left), SlaTruthTable.Of(right)) == SlaTruthTable.Of(left) ? left : right);

    private static void WriteState(Utf8JsonWriter json, CheckState state, DateTimeOffset now)
    {
        json.WriteString("status", state.Status.ToWire());
        json.WriteString("last_status", state.Last.Status.ToWire());
        json.WriteString("failure_kind", state.Last.FailureKind?.ToWire());
        json.WriteString("message", state.Last.Message);
        json.WriteString("completed_at", state.CompletedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture));
        json.WriteNumber("age_seconds", Math.Max(0, Math.Round((now - state.CompletedAt).TotalSeconds)));
        json.WriteNumber("consecutive_failures", state.ConsecutiveFailures);
    }
}
