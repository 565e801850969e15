using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Prometheus;

namespace Lakemon.Collector.Metrics;

public static class LakemonMetricsEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>GET {pattern}</c> to the Prometheus exposition of <see cref="LakemonMetrics"/> (registered with
    /// <c>AddLakemonMetrics</c>): text format 0.0.4, or OpenMetrics when the scraper asks for it as Prometheus does.
    /// The exporter is resolved here, at startup, so that it listens before the first result is recorded.
    /// </summary>
    public static IEndpointConventionBuilder MapLakemonMetrics(this IEndpointRouteBuilder endpoints, string pattern = "/metrics")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var exporter = endpoints.ServiceProvider.GetService<PrometheusMeterExporter>()
            ?? throw new InvalidOperationException("MapLakemonMetrics needs services.AddLakemonMetrics(...) first");
        return endpoints
            .MapMetrics(settings => settings.Registry = exporter.Registry, pattern)
            .WithMetadata(new HttpMethodMetadata([HttpMethods.Get]));
    }
}
