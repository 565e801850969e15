using System.Diagnostics.Metrics;
using Lakemon.Collector.Sinks;
using Lakemon.Probes.Configuration;
using Lakemon.Tests.Campaigns;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Lakemon.Tests.Collector;

public sealed class OtlpSinkServiceCollectionExtensionsTests
{
    [Theory]
    [InlineData("http://127.0.0.1:4318", "http://127.0.0.1:4318/v1/metrics")]
    [InlineData("http://127.0.0.1:4318/", "http://127.0.0.1:4318/v1/metrics")]
    [InlineData("https://collector.example.org/otlp", "https://collector.example.org/otlp/v1/metrics")]
    [InlineData("https://collector.example.org/otlp/", "https://collector.example.org/otlp/v1/metrics")]
    public void SignalEndpoint_BaseUrl_AppendsTheSignalPath(string endpoint, string expected) =>
        Assert.Equal(new Uri(expected), OtlpSinkServiceCollectionExtensions.SignalEndpoint(new Uri(endpoint), "v1/metrics"));

    [Theory]
    [InlineData("bad name", "value-secret-1", "sinks.otlp.headers.bad name: not a valid request header name")]
    [InlineData("content-type", "value-secret-2", "sinks.otlp.headers.content-type: not a valid request header name")]
    [InlineData("authorization", "Bearer value-secret-3\r\nx-injected: 1", "sinks.otlp.headers.authorization: a header value must be a single line")]
    public void AddLakemonOtlp_HeaderThatCannotBeSent_ThrowsNamingTheKeyButNotTheValue(string name, string value, string message)
    {
        var sink = new OtlpSinkOptions(OtlpSinkOptions.DefaultEndpoint, new Dictionary<string, string> { [name] = value });

        var error = Assert.Throws<ArgumentException>(() => new ServiceCollection().AddLakemonOtlp(sink));

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("value-secret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SeriesLimit_LargeMatrix_RoomForEveryCheckOfTheInstrumentsFamily()
    {
        // 40 RSEs with two doors: 40 × 2 × 6 storage series; 40 × 39 ordered pairs × 3 TPC modes.
        var export = new OtlpExportOptions().SizedFor(TestConfigs.Lake(40, ["root", "https"], [1024]));
        using var meter = new Meter($"test-{Guid.NewGuid():N}");

        Assert.Equal(480, export.StorageSeries);
        Assert.Equal(40 * 39 * 3, export.TransferSeries);
        Assert.Equal(40 * 39 * 3, OtlpSinkServiceCollectionExtensions.SeriesLimit(meter.CreateHistogram<double>("lakemon_transfer_duration_seconds"), export));
        Assert.Equal(2000, OtlpSinkServiceCollectionExtensions.SeriesLimit(meter.CreateHistogram<double>("lakemon_probe_duration_seconds"), export));
        Assert.Equal(2000, OtlpSinkServiceCollectionExtensions.SeriesLimit(meter.CreateCounter<long>("lakemon_probe_results_total"), export));
        Assert.Equal(4 * 4800, OtlpSinkServiceCollectionExtensions.SeriesLimit(meter.CreateCounter<long>("lakemon_probe_results_total"),
            export with { StorageSeries = 4800 }));
    }
}
