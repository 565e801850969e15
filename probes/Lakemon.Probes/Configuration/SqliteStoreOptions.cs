namespace Lakemon.Probes.Configuration;

/// <summary>The SQLite result store: one database file (created with its directory when missing).</summary>
public sealed record SqliteStoreOptions(string Path);
