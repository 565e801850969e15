using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Lakemon.Collector.Metrics;

public static class LakemonMetricsServiceCollectionExtensions
{
    /// <summary>Registers the instrumentation holder (<see cref="LakemonMetrics"/>, on the registered
    /// <see cref="TimeProvider"/> or the system clock) and its Prometheus exporter as singletons.</summary>
    public static IServiceCollection AddLakemonMetrics(this IServiceCollection services, LakemonMetricsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(provider => new LakemonMetrics(options, provider.GetRequiredService<TimeProvider>()));
        return services.AddPrometheusExporter();
    }

    /// <summary>Registers a holder the caller created and keeps owning (it is not disposed with the container).</summary>
    public static IServiceCollection AddLakemonMetrics(this IServiceCollection services, LakemonMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        services.TryAddSingleton(metrics);
        return services.AddPrometheusExporter();
    }

    private static IServiceCollection AddPrometheusExporter(this IServiceCollection services)
    {
        services.TryAddSingleton(provider => new PrometheusMeterExporter(provider.GetRequiredService<LakemonMetrics>().Meter));
        return services;
    }
}
