using Lakemon.Probes.Configuration;

namespace Lakemon.Collector.Store;

/// <summary>Opens the store a configuration names; the one place that knows which store types exist.</summary>
public static class ResultStoreFactory
{
    /// <exception cref="ResultStoreException">The configuration names a connection string that cannot be read, or
    /// the SQLite file cannot be used.</exception>
    public static async Task<IResultStore> OpenAsync(StoreOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Postgres is { } postgres)
        {
            var connectionString = ConnectionString(postgres);
            try
            {
                return await PostgresResultStore.OpenAsync(connectionString, cancellationToken);
            }
            catch (ArgumentException e)
            {
                // Npgsql names the offending keyword, never its value, so the message is safe to show.
                throw new ResultStoreException($"store.postgres: not a valid Npgsql connection string: {e.Message}", e);
            }
        }
        var sqlite = options.Sqlite ?? throw new ArgumentException("the store options name no store", nameof(options));
        return await SqliteResultStore.OpenAsync(sqlite.Path, cancellationToken);
    }

    /// <summary>A short description for logs: the SQLite path, or that PostgreSQL is used and where its connection
    /// string comes from (never the string itself, which holds a password).</summary>
    public static string Describe(StoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Postgres switch
        {
            { ConnectionEnv: { } variable } => $"PostgreSQL (connection string from ${variable})",
            { ConnectionFile: { } file } => $"PostgreSQL (connection string from {file})",
            _ => $"SQLite {Path.GetFullPath(options.Sqlite!.Path)}",
        };
    }

    private static string ConnectionString(PostgresStoreOptions postgres)
    {
        if (postgres.ConnectionEnv is { } variable)
        {
            return Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
                ? value
                : throw new ResultStoreException($"store.postgres.connection_env: environment variable {variable} is not set");
        }
        var file = postgres.ConnectionFile!;
        string text;
        try
        {
            text = File.ReadAllText(file).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ResultStoreException($"store.postgres.connection_file: cannot read {file}: {e.Message}", e);
        }
        return text.Length > 0 ? text : throw new ResultStoreException($"store.postgres.connection_file: {file} is empty");
    }
}
