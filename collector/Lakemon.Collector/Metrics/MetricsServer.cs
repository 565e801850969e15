using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Lakemon.Collector.Metrics;

/// <summary>
/// A Kestrel server that serves only <c>/metrics</c> of one <see cref="LakemonMetrics"/>, on one address (port 0 picks
/// a free port): for an agent without the collector's web app, and for tests and benchmarks.
/// </summary>
public sealed class MetricsServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private MetricsServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>The base address the server listens on, with the port it got (e.g. http://127.0.0.1:40413/).</summary>
    public Uri Address { get; }

    public Uri MetricsUri => new(Address, "metrics");

    /// <param name="url">Where to listen, e.g. <c>http://127.0.0.1:0</c>.</param>
    public static async Task<MetricsServer> StartAsync(LakemonMetrics metrics, string url, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(url);
        builder.Services.AddLakemonMetrics(metrics);
        var app = builder.Build();
        app.MapLakemonMetrics();
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        // With port 0 only the server knows the port; Urls reads it back from the bound listener.
        return new MetricsServer(app, new Uri(app.Urls.First().TrimEnd('/') + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
