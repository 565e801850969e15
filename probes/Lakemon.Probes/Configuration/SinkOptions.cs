namespace Lakemon.Probes.Configuration;

/// <summary>Where results go; a null sink is disabled.</summary>
public sealed record SinkOptions(PrometheusSinkOptions? Prometheus, OtlpSinkOptions? Otlp, InfluxDbSinkOptions? InfluxDb)
{
    public static SinkOptions None { get; } = new(null, null, null);
}
