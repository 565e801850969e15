namespace Lakemon.Probes.Configuration;

/// <summary>A whole, validated lakemon configuration with every default filled in.</summary>
public sealed record LakemonOptions(
    IReadOnlyList<SiteOptions> Sites,
    IReadOnlyList<RseOptions> Rses,
    IReadOnlyDictionary<string, CredentialOptions> Credentials,
    ProbeOptions Probes,
    ScheduleOptions Schedules,
    SinkOptions Sinks)
{
    /// <summary>The result store (`store:`); by default <c>lakemon.db</c> next to the configuration file.</summary>
    public StoreOptions Store { get; init; } = StoreOptions.NextTo(null);
}
