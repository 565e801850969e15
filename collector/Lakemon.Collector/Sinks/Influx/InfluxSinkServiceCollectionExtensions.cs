using Lakemon.Probes.Configuration;
using Lakemon.Probes.Results;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lakemon.Collector.Sinks.Influx;

public static class InfluxSinkServiceCollectionExtensions
{
    /// <summary>
    /// Registers the InfluxDB sink of <c>sinks.influxdb</c> as a hosted service and answers the function that feeds it
    /// stored results (call it after the store took them); null when the section is absent. The token is read now, so a
    /// missing one stops the start with a message naming the variable, never the value.
    /// </summary>
    /// <exception cref="InvalidOperationException">token_env names a variable that is not set.</exception>
    public static Action<IReadOnlyList<ProbeResult>>? AddLakemonInfluxSink(this IServiceCollection services, InfluxDbSinkOptions? options)
    {
        if (options is null)
        {
            return null;
        }
        var token = SecretSource.Read(options.TokenEnv, null, "sinks.influxdb token", out var error);
        if (error is not null)
        {
            throw new InvalidOperationException(error);
        }
        // Built with the host (it needs the host's logging); results reach the sink only once the host has started,
        // and every hosted service is resolved before any of them starts.
        InfluxSink? sink = null;
        services.AddSingleton(provider => sink = InfluxSink.Create(options, token, provider.GetRequiredService<ILogger<InfluxSink>>()));
        services.AddHostedService(provider => provider.GetRequiredService<InfluxSink>());
        return results => (sink ?? throw new InvalidOperationException("the InfluxDB sink was fed before the host started")).Append(results);
    }
}
