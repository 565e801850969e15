namespace Lakemon.Probes.Configuration;

/// <summary>
/// The PostgreSQL result store. The Npgsql connection string (which carries the password) is read at start from an
/// environment variable or a file, never written in the configuration: configurations get copied, committed and
/// pasted into tickets. Exactly one of the two is set.
/// </summary>
/// <param name="ConnectionEnv">Name of the environment variable holding the connection string.</param>
/// <param name="ConnectionFile">Path of a file holding the connection string.</param>
public sealed record PostgresStoreOptions(string? ConnectionEnv, string? ConnectionFile);
