using Lakemon.Probes.Results;

namespace Lakemon.Probes.Reports;

/// <summary>
/// The one arrangement every report shows: storage results per RSE and transfer results per link (source →
/// destination), both in ordinal name order, and inside a group by protocol or TPC mode, size and lifecycle step.
/// Results arrive in completion order, which varies between runs; sorting keeps two reports of the same outcome
/// identical and diffable.
/// </summary>
internal static class ReportLayout
{
    // A hand-made record may lack a link end; the ingest refuses such results, a report still shows them.
    private const string Unnamed = "?";

    public static IReadOnlyList<IGrouping<string, ProbeResult>> StorageByRse(IEnumerable<ProbeResult> results) =>
        [.. Sorted(results.Where(IsStorage)).GroupBy(r => r.Rse!, StringComparer.Ordinal)];

    public static IReadOnlyList<IGrouping<(string Source, string Destination), ProbeResult>> TransfersByLink(IEnumerable<ProbeResult> results) =>
        [.. Sorted(results.Where(r => !IsStorage(r))).GroupBy(Link)];

    /// <summary>Every result in report order: the storage groups, then the links.</summary>
    public static IEnumerable<ProbeResult> InOrder(IEnumerable<ProbeResult> results)
    {
        var all = results.ToList();
        return StorageByRse(all).SelectMany(g => g).Concat(TransfersByLink(all).SelectMany(g => g));
    }

    public static (string Source, string Destination) Link(ProbeResult result) =>
        (result.SrcRse ?? Unnamed, result.DstRse ?? Unnamed);

    /// <summary>The first site named by a group's results (they all name the same one, or none).</summary>
    public static string? FirstNamed(IEnumerable<ProbeResult> results, Func<ProbeResult, string?> site) =>
        results.Select(site).FirstOrDefault(s => s is not null);

    public static string? SizeOf(ProbeResult result) => result.SizeBytes is { } size ? SizeText.Format(size) : null;

    private static bool IsStorage(ProbeResult result) => result.Rse is not null;

    private static IOrderedEnumerable<ProbeResult> Sorted(IEnumerable<ProbeResult> results) => results
        .OrderBy(r => r.Rse ?? r.SrcRse ?? Unnamed, StringComparer.Ordinal)
        .ThenBy(r => r.DstRse ?? "", StringComparer.Ordinal)
        .ThenBy(r => r.TpcMode is null)
        .ThenBy(r => r.TpcMode)
        .ThenBy(r => r.Protocol, StringComparer.Ordinal)
        .ThenBy(r => r.SizeBytes)
        .ThenBy(r => r.Operation)
        .ThenBy(r => r.StartedAt);
}
