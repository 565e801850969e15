namespace Lakemon.Probes.Configuration;

/// <summary>
/// Where every result is kept (`store:`): one SQLite file by default, or PostgreSQL when configured. Exactly one of
/// <see cref="Sqlite"/> and <see cref="Postgres"/> is set.
/// </summary>
/// <param name="Retention">Results that started longer ago than this are deleted.</param>
public sealed record StoreOptions(SqliteStoreOptions? Sqlite, PostgresStoreOptions? Postgres, TimeSpan Retention)
{
    public const string DefaultFileName = "lakemon.db";

    /// <summary>Long enough for the monthly SLA figures of the previous months (DESIGN.md §6) and a quarter's history.</summary>
    public static TimeSpan DefaultRetention { get; } = TimeSpan.FromDays(90);

    /// <summary>
    /// The store of a configuration that names none: <c>lakemon.db</c> next to the configuration file, so that one
    /// configuration always finds its own history and two configurations never mix theirs.
    /// </summary>
    /// <param name="directory">The configuration's directory; null keeps the path relative to the working directory.</param>
    public static StoreOptions NextTo(string? directory) =>
        new(new SqliteStoreOptions(directory is null ? DefaultFileName : Path.Combine(directory, DefaultFileName)), null, DefaultRetention);
}
