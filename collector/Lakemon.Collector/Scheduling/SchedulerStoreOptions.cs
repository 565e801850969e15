using Lakemon.Probes.Configuration;

namespace Lakemon.Collector.Scheduling;

/// <summary>
/// Where a running scheduler keeps its schedule: the resolved form of the `scheduler` section, with the connection
/// string read from its environment variable. Not a record, so that no generated ToString can print the connection
/// string (it carries a password) into a log.
/// </summary>
public sealed class SchedulerStoreOptions
{
    /// <summary>This process alone, in memory: the default.</summary>
    public static SchedulerStoreOptions InMemory { get; } = new();

    /// <summary>An Npgsql connection string; null keeps the schedule in memory.</summary>
    public string? PostgresConnectionString { get; init; }

    /// <summary>This node's id in the cluster, or <see cref="SchedulerOptions.AutoInstanceId"/>.</summary>
    public string InstanceId { get; init; } = SchedulerOptions.AutoInstanceId;

    /// <summary>How often a clustered node records that it is alive; a node silent for longer (plus Quartz's grace)
    /// is taken for dead and its fires are recovered by the others. Null keeps Quartz's default (7.5 s).</summary>
    public TimeSpan? ClusterCheckinInterval { get; init; }

    public bool IsClustered => PostgresConnectionString is not null;

    /// <summary>Resolves the configuration, reading the connection string from the environment.</summary>
    /// <exception cref="InvalidOperationException">The configured environment variable is unset or empty.</exception>
    public static SchedulerStoreOptions FromConfig(SchedulerOptions scheduler, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(scheduler);
        ArgumentNullException.ThrowIfNull(environment);
        if (scheduler.Postgres is not { } postgres)
        {
            return new SchedulerStoreOptions { InstanceId = scheduler.InstanceId };
        }
        var connectionString = environment(postgres.ConnectionEnv);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"scheduler.postgres.connection_env: environment variable {postgres.ConnectionEnv} is not set; it must hold the PostgreSQL connection string of the job store");
        }
        return new SchedulerStoreOptions { PostgresConnectionString = connectionString, InstanceId = scheduler.InstanceId };
    }

    public override string ToString() =>
        IsClustered ? $"PostgreSQL job store (clustered), instance {InstanceId}" : $"in-memory job store, instance {InstanceId}";
}
