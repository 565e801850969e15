namespace Lakemon.Probes.Configuration;

/// <summary>The Prometheus scrape endpoint; <see cref="Host"/> is an IPv6 address without brackets when one was given.</summary>
public sealed record PrometheusSinkOptions(string Host, int Port)
{
    public static PrometheusSinkOptions Default { get; } = new("127.0.0.1", 9464);
}
