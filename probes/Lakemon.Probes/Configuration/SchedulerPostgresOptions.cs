namespace Lakemon.Probes.Configuration;

/// <summary>The PostgreSQL job store of a clustered scheduler.</summary>
/// <param name="ConnectionEnv">The environment variable holding the Npgsql connection string: the string carries a
/// password, so it is never written in the configuration file itself.</param>
public sealed record SchedulerPostgresOptions(string ConnectionEnv);
