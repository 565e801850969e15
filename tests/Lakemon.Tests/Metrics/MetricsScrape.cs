using System.Text;
using Lakemon.Collector.Metrics;
using Lakemon.Tests.Results;
using Microsoft.Extensions.Time.Testing;

namespace Lakemon.Tests.Metrics;

/// <summary>A holder on a fake clock with its Prometheus exporter, and its scrape as text; one per test.</summary>
internal sealed class MetricsScrape : IDisposable
{
    public static readonly TimeSpan StorageFreshness = TimeSpan.FromMinutes(30);
    public static readonly TimeSpan TransferFreshness = TimeSpan.FromHours(2);

    public MetricsScrape()
    {
        Metrics = new LakemonMetrics(new LakemonMetricsOptions { StorageFreshness = StorageFreshness, TransferFreshness = TransferFreshness }, Time);
        Exporter = new PrometheusMeterExporter(Metrics.Meter);
    }

    /// <summary>A minute after the sample results started: every sample is fresh.</summary>
    public FakeTimeProvider Time { get; } = new(SampleResults.Start.AddMinutes(1));

    public LakemonMetrics Metrics { get; }

    public PrometheusMeterExporter Exporter { get; }

    public async Task<string> TextAsync()
    {
        using var body = new MemoryStream();
        await Exporter.Registry.CollectAndExportAsTextAsync(body);
        return Encoding.UTF8.GetString(body.ToArray());
    }

    /// <summary>The sample lines of one metric (for a histogram, pass e.g. <c>..._bucket</c>), in scrape order.</summary>
    public async Task<string[]> SamplesAsync(string metric) =>
        [.. (await TextAsync()).Split('\n').Where(line => line.StartsWith(metric + "{", StringComparison.Ordinal) || line.StartsWith(metric + " ", StringComparison.Ordinal))];

    public void Dispose()
    {
        Exporter.Dispose();
        Metrics.Dispose();
    }
}
