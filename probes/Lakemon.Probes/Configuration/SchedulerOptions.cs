namespace Lakemon.Probes.Configuration;

/// <summary>
/// Where the schedule of the probe jobs lives. Without <see cref="Postgres"/> it is kept in memory by this process alone;
/// with it, every node pointing at the same database shares one schedule (a Quartz cluster), so each fire runs on one node.
/// </summary>
/// <param name="InstanceId">This node's name in the cluster, unique per node; <see cref="AutoInstanceId"/> lets the
/// scheduler make one up (host name plus a timestamp) at start.</param>
public sealed record SchedulerOptions(string InstanceId, SchedulerPostgresOptions? Postgres)
{
    public const string AutoInstanceId = "auto";

    public static SchedulerOptions Default { get; } = new(AutoInstanceId, null);

    public bool GeneratesInstanceId => InstanceId == AutoInstanceId;
}
