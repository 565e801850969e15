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
    /// <summary>Where the schedule lives (the `scheduler` section); the default keeps it in memory on this node.</summary>
    public SchedulerOptions Scheduler { get; init; } = SchedulerOptions.Default;

    /// <summary>The result store (`store:`); by default <c>lakemon.db</c> next to the configuration file.</summary>
    public StoreOptions Store { get; init; } = StoreOptions.NextTo(null);

    /// <summary>The web endpoints of `lakemon run` and `lakemon collector` (the `collector` section).</summary>
    public CollectorOptions Collector { get; init; } = CollectorOptions.Default;

    /// <summary>Where `lakemon agent` ships results (the `agent` section); null when absent.</summary>
    public AgentOptions? Agent { get; init; }

    /// <summary>How availability and reliability are computed (the `sla` section, DESIGN.md §6).</summary>
    public SlaOptions Sla { get; init; } = SlaOptions.Defaults(null);
    /// <summary>The network probes between sites (the `network` section); null when absent.</summary>
    public NetworkOptions? Network { get; init; }
}
