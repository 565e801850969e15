namespace Lakemon.Probes.Configuration;

/// <summary>Wire names and file extensions of <see cref="SlaReportFormat"/>, kept once.</summary>
public static class SlaReportFormats
{
    private static readonly IReadOnlyDictionary<string, SlaReportFormat> ByName = new Dictionary<string, SlaReportFormat>(StringComparer.Ordinal)
    {
        ["table"] = SlaReportFormat.Table,
        ["json"] = SlaReportFormat.Json,
        ["csv"] = SlaReportFormat.Csv,
        ["html"] = SlaReportFormat.Html,
        ["markdown"] = SlaReportFormat.Markdown,
    };

    public static IReadOnlyList<string> All { get; } = [.. ByName.Keys];

    public static bool TryParse(string name, out SlaReportFormat format) => ByName.TryGetValue(name, out format);

    public static string ToWire(this SlaReportFormat format) => ByName.First(pair => pair.Value == format).Key;

    public static string Extension(this SlaReportFormat format) => format switch
    {
        SlaReportFormat.Table => "txt",
        SlaReportFormat.Markdown => "md",
        _ => format.ToWire(),
    };
}
