namespace Lakemon.IntegrationTests.Support;

/// <summary>One series of a VictoriaMetrics export: its labels (with <c>__name__</c>) and the Unix milliseconds of its samples.</summary>
public sealed record ExportedSeries(IReadOnlyDictionary<string, string> Labels, IReadOnlyList<long> Timestamps)
{
    public string Name => Labels["__name__"];
}
