using System.Globalization;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using Lakemon.Probes.Configuration;

namespace Lakemon.Collector.Sla;

/// <summary>
/// Downtimes from a GOCDB-style file: the XML of GOCDB's <c>get_downtime</c> method (DOWNTIME elements with HOSTNAME,
/// HOSTED_BY, SEVERITY, INSERT_DATE, START_DATE, END_DATE in Unix seconds), or a JSON array of objects with the same
/// keys in lower case, or lakemon's own (rse, site, start, end, declared; Unix seconds or ISO 8601).
/// </summary>
/// <remarks>
/// A downtime names an endpoint by host: it applies to the RSE of that name, else to every RSE with a door on that
/// host; one without a host applies to the site it is hosted by. Only OUTAGE downtimes count: GOCDB's WARNING ("at
/// risk") announces no interruption. Entries about hosts lakemon does not probe are skipped, not errors — a site's feed
/// lists all its services.
/// </remarks>
public static class DowntimeFile
{
    public static DowntimeLoad Load(string path, IReadOnlyList<RseOptions> rses, IReadOnlyList<SiteOptions> sites)
    {
        ArgumentNullException.ThrowIfNull(path);
        var load = new DowntimeLoad();
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            load.Errors.Add($"{path}: cannot read: {e.Message}");
            return load;
        }
        var entries = text.TrimStart().StartsWith('<') ? ReadXml(path, text, load) : ReadJson(path, text, load);
        foreach (var entry in entries)
        {
            Resolve(path, entry, rses, sites, load);
        }
        return load;
    }

    /// <summary>One downtime as read, before its host is resolved to RSEs.</summary>
    private sealed record Entry(int Line, string? Rse, string? Site, string? Host, string? Severity,
        DateTimeOffset? Start, DateTimeOffset? End, DateTimeOffset? Declared, string? Description);

    private static List<Entry> ReadXml(string path, string text, DowntimeLoad load)
    {
        var entries = new List<Entry>();
        XDocument document;
        try
        {
            document = XDocument.Parse(text, LoadOptions.SetLineInfo);
        }
        catch (XmlException e)
        {
            load.Errors.Add($"{path}:{e.LineNumber}: not valid XML: {e.Message}");
            return entries;
        }
        foreach (var element in document.Descendants("DOWNTIME"))
        {
            var line = ((IXmlLineInfo)element).LineNumber;
            string? Value(string name) => element.Element(name)?.Value.Trim() is { Length: > 0 } v ? v : null;
            entries.Add(new Entry(line, null, Value("HOSTED_BY"), Value("HOSTNAME"), Value("SEVERITY"),
                Time(path, line, "START_DATE", Value("START_DATE"), load),
                Time(path, line, "END_DATE", Value("END_DATE"), load),
                Time(path, line, "INSERT_DATE", Value("INSERT_DATE"), load),
                Value("DESCRIPTION")));
        }
        return entries;
    }

    private static List<Entry> ReadJson(string path, string text, DowntimeLoad load)
    {
        var entries = new List<Entry>();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            load.Errors.Add($"{path}:{(e.LineNumber ?? 0) + 1}: not valid JSON: {e.Message}");
            return entries;
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                load.Errors.Add($"{path}:1: expected a JSON array of downtimes");
                return entries;
            }
            var index = 0;
            foreach (var item in document.RootElement.EnumerateArray())
            {
                // JsonDocument keeps no line numbers; the entry's position names it instead.
                var where = $"[{index}]";
                index++;
                if (item.ValueKind != JsonValueKind.Object)
                {
                    load.Errors.Add($"{path}: {where}: expected an object");
                    continue;
                }
                string? Value(params string[] names)
                {
                    foreach (var name in names)
                    {
                        if (item.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.String or JsonValueKind.Number)
                        {
                            return value.ValueKind == JsonValueKind.Number ? value.GetRawText() : value.GetString();
                        }
                    }
                    return null;
                }
                var label = $"{path}: {where}";
                entries.Add(new Entry(-index, Value("rse"), Value("site", "hosted_by"), Value("hostname"), Value("severity"),
                    Time(label, null, "start", Value("start", "start_date"), load),
                    Time(label, null, "end", Value("end", "end_date"), load),
                    Time(label, null, "declared", Value("declared", "insert_date"), load),
                    Value("description")));
            }
        }
        return entries;
    }

    private static DateTimeOffset? Time(string where, int? line, string key, string? text, DowntimeLoad load)
    {
        var prefix = line is { } l ? $"{where}:{l}" : where;
        if (text is null)
        {
            load.Errors.Add($"{prefix}: {key}: missing");
            return null;
        }
        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds))
        {
            return DateTimeOffset.FromUnixTimeSeconds(seconds);
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            return time;
        }
        load.Errors.Add($"{prefix}: {key}: expected Unix seconds or an ISO 8601 time, got '{text}'");
        return null;
    }

    private static void Resolve(string path, Entry entry, IReadOnlyList<RseOptions> rses, IReadOnlyList<SiteOptions> sites, DowntimeLoad load)
    {
        var where = entry.Line > 0 ? $"{path}:{entry.Line}" : $"{path}: [{-entry.Line - 1}]";
        if (entry.Start is not { } start || entry.End is not { } end || entry.Declared is not { } declared)
        {
            return;
        }
        if (end <= start)
        {
            load.Errors.Add($"{where}: the downtime ends before it starts");
            return;
        }
        if (entry.Severity is { } severity && !severity.Equals("OUTAGE", StringComparison.OrdinalIgnoreCase))
        {
            load.Skipped.Add($"{where}: severity {severity} is no outage");
            return;
        }
        if (entry.Rse is { } rse)
        {
            if (rses.Any(r => r.Name == rse))
            {
                load.Downtimes.Add(new DowntimeOptions(rse, null, start, end, declared, entry.Description));
            }
            else
            {
                load.Skipped.Add($"{where}: no RSE '{rse}' in the configuration");
            }
            return;
        }
        if (entry.Host is { } host)
        {
            var matched = rses.Where(r => r.Name.Equals(host, StringComparison.OrdinalIgnoreCase)).ToList();
            if (matched.Count == 0)
            {
                matched = [.. rses.Where(r => r.Protocols.Any(p => p.Prefix.Host.Equals(host, StringComparison.OrdinalIgnoreCase)))];
            }
            if (matched.Count == 0)
            {
                load.Skipped.Add($"{where}: no RSE is on host {host}");
            }
            foreach (var r in matched)
            {
                load.Downtimes.Add(new DowntimeOptions(r.Name, null, start, end, declared, entry.Description));
            }
            return;
        }
        if (entry.Site is { } site && sites.Any(s => s.Name == site))
        {
            load.Downtimes.Add(new DowntimeOptions(null, site, start, end, declared, entry.Description));
            return;
        }
        load.Skipped.Add($"{where}: names no RSE, host or configured site");
    }
}
