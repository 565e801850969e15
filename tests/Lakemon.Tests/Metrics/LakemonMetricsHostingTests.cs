using Lakemon.Collector.Metrics;
using Lakemon.Tests.Results;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Lakemon.Tests.Metrics;

/// <summary>The two calls a host makes: <c>AddLakemonMetrics</c> and <c>MapLakemonMetrics</c>.</summary>
public sealed class LakemonMetricsHostingTests
{
    [Fact]
    public async Task AddLakemonMetrics_WithOptions_HolderRunsOnTheRegisteredTimeProvider()
    {
        var time = new FakeTimeProvider(SampleResults.Start.AddMinutes(1));
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddLakemonMetrics(new LakemonMetricsOptions { StorageFreshness = TimeSpan.FromMinutes(10) });
        await using var app = builder.Build();
        app.MapLakemonMetrics();
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };

        app.Services.GetRequiredService<LakemonMetrics>().Record(SampleResults.Storage());
        var fresh = await http.GetStringAsync("/metrics");
        time.Advance(TimeSpan.FromMinutes(10));
        var stale = await http.GetStringAsync("/metrics");
        await app.StopAsync();

        Assert.Contains("lakemon_probe_status{rse=\"LAKE-A\",protocol=\"root\",operation=\"upload\"} 0\n", fresh, StringComparison.Ordinal);
        Assert.Contains("lakemon_probe_status{rse=\"LAKE-A\",protocol=\"root\",operation=\"upload\"} 3\n", stale, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MapLakemonMetrics_WithoutAddLakemonMetrics_SaysWhatIsMissing()
    {
        await using var app = WebApplication.CreateSlimBuilder().Build();

        var error = Assert.Throws<InvalidOperationException>(() => app.MapLakemonMetrics());

        Assert.Equal("MapLakemonMetrics needs services.AddLakemonMetrics(...) first", error.Message);
    }
}
