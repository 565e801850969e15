using Lakemon.Collector.Store;
using Lakemon.Probes.Configuration;

namespace Lakemon.Tests.Store;

public sealed class ResultStoreFactoryTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("lakemon-factory-").FullName;

    [Fact]
    public async Task OpenAsync_SqliteOptions_OpensThatFile()
    {
        var path = Path.Combine(directory, "results.db");

        await using var store = await ResultStoreFactory.OpenAsync(new StoreOptions(new SqliteStoreOptions(path), null, TimeSpan.FromDays(1)), default);

        Assert.IsType<SqliteResultStore>(store);
        Assert.True(File.Exists(path));
    }

    [Fact]
    public async Task OpenAsync_PostgresFromAnUnsetVariable_NamesTheKeyAndTheVariable()
    {
        var variable = $"LAKEMON_TEST_UNSET_{Guid.NewGuid():N}";

        var error = await Assert.ThrowsAsync<ResultStoreException>(() => ResultStoreFactory.OpenAsync(Postgres(variable, null), default));

        Assert.Equal($"store.postgres.connection_env: environment variable {variable} is not set", error.Message);
    }

    [Fact]
    public async Task OpenAsync_PostgresFromAnEmptyOrMissingFile_SaysSo()
    {
        var empty = Path.Combine(directory, "empty.conn");
        await File.WriteAllTextAsync(empty, "\n");
        var missing = Path.Combine(directory, "missing.conn");

        var emptyError = await Assert.ThrowsAsync<ResultStoreException>(() => ResultStoreFactory.OpenAsync(Postgres(null, empty), default));
        var missingError = await Assert.ThrowsAsync<ResultStoreException>(() => ResultStoreFactory.OpenAsync(Postgres(null, missing), default));

        Assert.Equal($"store.postgres.connection_file: {empty} is empty", emptyError.Message);
        Assert.StartsWith($"store.postgres.connection_file: cannot read {missing}: ", missingError.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_MalformedConnectionString_IsAStoreErrorThatDoesNotEchoThePassword()
    {
        var file = Path.Combine(directory, "bad.conn");
        await File.WriteAllTextAsync(file, "Host=db;Password=canary-s3cret;Colour=blue");

        var error = await Assert.ThrowsAsync<ResultStoreException>(() => ResultStoreFactory.OpenAsync(Postgres(null, file), default));

        Assert.StartsWith("store.postgres: not a valid Npgsql connection string: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("canary-s3cret", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_Postgres_NamesTheSourceNeverTheString()
    {
        Assert.Equal("PostgreSQL (connection string from $LAKEMON_PG)", ResultStoreFactory.Describe(Postgres("LAKEMON_PG", null)));
        Assert.Equal("PostgreSQL (connection string from /etc/lakemon/pg.conn)", ResultStoreFactory.Describe(Postgres(null, "/etc/lakemon/pg.conn")));
        Assert.Equal("SQLite /var/lib/lakemon/lakemon.db", ResultStoreFactory.Describe(StoreOptions.NextTo("/var/lib/lakemon")));
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private static StoreOptions Postgres(string? variable, string? file) =>
        new(null, new PostgresStoreOptions(variable, file), StoreOptions.DefaultRetention);
}
