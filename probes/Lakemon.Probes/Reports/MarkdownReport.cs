using System.Globalization;
using System.Text;
using Lakemon.Probes.Results;

namespace Lakemon.Probes.Reports;

/// <summary>
/// A campaign as GitHub-flavoured Markdown, for a CI job summary or an issue: totals, a storage table (RSE ×
/// protocol), a transfer matrix (source × destination) and every result that was not OK. A cell shows the worst
/// status of its results (<see cref="ProbeStatusSeverity"/>) with the failure kinds behind it. Sections without
/// results are left out.
/// </summary>
public static class MarkdownReport
{
    private const string Diagonal = "—";

    public static void Write(TextWriter writer, IReadOnlyList<ProbeResult> results, ReportHeader header)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(header);
        WriteSummary(writer, results, header);
        WriteStorage(writer, ReportLayout.StorageByRse(results));
        WriteTransfers(writer, ReportLayout.TransfersByLink(results));
        WriteProblems(writer, [.. ReportLayout.InOrder(results).Where(r => r.Status != ProbeStatus.Ok)]);
    }

    private static void WriteSummary(TextWriter writer, IReadOnlyList<ProbeResult> results, ReportHeader header)
    {
        writer.WriteLine($"# lakemon run {Escape(header.RunId)} ({header.Kind.ToWire()})");
        writer.WriteLine();
        writer.WriteLine($"- Started: {header.StartedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC");
        writer.WriteLine($"- Wall time: {WallTime(header.WallTime)}");
        writer.WriteLine($"- Results: {Received(results.Count, header.ExpectedResults)}");
        var counts = Enum.GetValues<ProbeStatus>()
            .Select(status => string.Create(CultureInfo.InvariantCulture, $"{results.Count(r => r.Status == status)} {status.ToWire()}"));
        writer.WriteLine($"- Status: {string.Join(" · ", counts)}");
    }

    private static void WriteStorage(TextWriter writer, IReadOnlyList<IGrouping<string, ProbeResult>> rses)
    {
        if (rses.Count == 0)
        {
            return;
        }
        var protocols = rses.SelectMany(rse => rse.Select(r => r.Protocol)).Distinct().Order(StringComparer.Ordinal).ToList();
        var rows = rses.Select(rse => Row(
            ReportLayout.FirstNamed(rse, r => r.Site) is { } site ? $"{rse.Key} ({site})" : rse.Key,
            protocols.Select(protocol => StatusCell(rse.Where(r => r.Protocol == protocol)))));
        WriteSection(writer, "Storage", Row("RSE", protocols), rows);
    }

    private static void WriteTransfers(TextWriter writer, IReadOnlyList<IGrouping<(string Source, string Destination), ProbeResult>> links)
    {
        if (links.Count == 0)
        {
            return;
        }
        // One axis for both sides, so that the diagonal (an RSE to itself) lines up.
        var rses = links.SelectMany(link => new[] { link.Key.Source, link.Key.Destination })
            .Distinct().Order(StringComparer.Ordinal).ToList();
        var byLink = links.ToDictionary(link => link.Key);
        var rows = rses.Select(source => Row(source, rses.Select(destination =>
            source == destination ? Diagonal
            : byLink.TryGetValue((source, destination), out var link)
                ? string.Join(" · ", link.GroupBy(r => r.Mode).Select(mode => $"{mode.Key} {StatusCell(mode)}"))
                : "")));
        WriteSection(writer, "Transfers", Row(@"Source \ Destination", rses), rows);
    }

    private static void WriteProblems(TextWriter writer, IReadOnlyList<ProbeResult> problems)
    {
        if (problems.Count == 0)
        {
            return;
        }
        var rows = problems.Select(r => (IReadOnlyList<string>)
        [
            r.Target, r.Operation.ToWire(), ReportLayout.SizeOf(r) ?? "", r.Status.ToWire(),
            r.FailureKind?.ToWire() ?? "", r.Message ?? "",
        ]);
        WriteSection(writer, "Problems", ["Target", "Operation", "Size", "Status", "Failure", "Message"], rows);
    }

    /// <summary>"CRITICAL (connect)": the worst status and the failure kinds of the results that have it — the cause,
    /// not the prerequisite_failed steps that followed from it — or empty when there are no results.</summary>
    private static string StatusCell(IEnumerable<ProbeResult> results)
    {
        var list = results.ToList();
        if (list.Count == 0)
        {
            return "";
        }
        var worst = list.Select(r => r.Status).Worst();
        var kinds = list.Where(r => r.Status == worst).Select(r => r.FailureKind).OfType<FailureKind>()
            .Distinct().Select(k => k.ToWire()).ToList();
        return kinds.Count == 0 ? worst.ToWire() : $"{worst.ToWire()} ({string.Join(", ", kinds)})";
    }

    private static IReadOnlyList<string> Row(string first, IEnumerable<string> rest) => [first, .. rest];

    private static void WriteSection(TextWriter writer, string title, IReadOnlyList<string> columns, IEnumerable<IReadOnlyList<string>> rows)
    {
        writer.WriteLine();
        writer.WriteLine($"## {title}");
        writer.WriteLine();
        WriteRow(writer, columns);
        WriteRow(writer, [.. columns.Select(_ => "---")]);
        foreach (var row in rows)
        {
            WriteRow(writer, row);
        }
    }

    private static void WriteRow(TextWriter writer, IReadOnlyList<string> cells) =>
        writer.WriteLine($"| {string.Join(" | ", cells.Select(Escape))} |");

    /// <summary>
    /// Makes free text safe inside a GFM table cell: a '|' would end the cell and a line break the row, and
    /// emphasis, code, link and HTML markers would reformat an error message. '_' is kept: GFM ignores it inside
    /// words, and failure kinds such as tpc_failed are full of it.
    /// </summary>
    private static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '\\' or '|' or '*' or '`' or '<' or '>' or '[' or ']' or '~':
                    escaped.Append('\\').Append(c);
                    break;
                case '\r' when i + 1 < text.Length && text[i + 1] == '\n':
                    break;
                case '\r' or '\n':
                    escaped.Append("<br>");
                    break;
                case var _ when char.IsControl(c):
                    escaped.Append(' ');
                    break;
                default:
                    escaped.Append(c);
                    break;
            }
        }
        return escaped.ToString();
    }

    private static string Received(int count, int? expected) => expected switch
    {
        null => count.ToString(CultureInfo.InvariantCulture),
        { } e when count < e => string.Create(CultureInfo.InvariantCulture, $"{count} of {e} expected ({e - count} missing)"),
        { } e when count > e => string.Create(CultureInfo.InvariantCulture, $"{count} of {e} expected ({count - e} more than planned)"),
        { } e => string.Create(CultureInfo.InvariantCulture, $"{count} of {e} expected"),
    };

    private static string WallTime(TimeSpan wall) => wall switch
    {
        _ when wall < TimeSpan.FromMinutes(1) => wall.TotalSeconds.ToString("0.0 's'", CultureInfo.InvariantCulture),
        _ when wall < TimeSpan.FromHours(1) => string.Create(CultureInfo.InvariantCulture, $"{(int)wall.TotalMinutes} min {wall.Seconds:00} s"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{(int)wall.TotalHours} h {wall.Minutes:00} min {wall.Seconds:00} s"),
    };
}
