using Lakemon.Collector.Store;
using Microsoft.Data.Sqlite;

namespace Lakemon.Tests.Store;

public sealed class SqliteResultStoreTests : ResultStoreContractTests, IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("lakemon-store-").FullName;

    private string DatabasePath => Path.Combine(directory, "nested", "lakemon.db");

    protected override async Task<IResultStore> OpenAsync() => await SqliteResultStore.OpenAsync(DatabasePath, default);

    [Fact]
    public async Task OpenAsync_NewFile_CreatesItsDirectoryInWalModeWithTheSchemaVersion()
    {
        await using var store = await OpenAsync();

        Assert.Equal("wal", Pragma("journal_mode"));
        Assert.Equal(3L, Pragma("user_version"));
        Assert.Equal(16384L, Pragma("page_size"));
    }

    [Fact]
    public async Task OpenAsync_FileOfANewerSchema_IsRefusedWithoutTouchingIt()
    {
        await (await OpenAsync()).DisposeAsync();
        Pragma("user_version = 99");

        var error = await Assert.ThrowsAsync<ResultStoreException>(OpenAsync);

        Assert.Equal($"{DatabasePath}: result store schema 99 was written by a newer lakemon (this one knows 3)", error.Message);
        Assert.Equal(99L, Pragma("user_version"));
    }

    [Fact]
    public async Task DisposeAsync_AfterWrites_LeavesNoWalBehind()
    {
        await using (var store = await OpenAsync())
        {
            await store.AddAsync([Lakemon.Tests.Results.SampleResults.Full()], default);
        }

        // The last connection checkpoints and removes the WAL: nothing stays open once the store is disposed.
        Assert.False(File.Exists(DatabasePath + "-wal"));
        Assert.True(File.Exists(DatabasePath));
    }

    [Fact]
    public async Task OpenAsync_Schema1File_AddsAndFillsTheStatusColumns()
    {
        // The schema of lakemon before the SLA engine, with one stored result.
        var result = Lakemon.Tests.Results.SampleResults.Full();
        Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        using (var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = """
                CREATE TABLE results (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, started_at INTEGER NOT NULL,
                    operation TEXT NOT NULL, kind TEXT NOT NULL, rse TEXT, src_rse TEXT, dst_rse TEXT, site TEXT, src_site TEXT,
                    dst_site TEXT, json TEXT NOT NULL);
                CREATE INDEX results_started_at ON results (started_at);
                PRAGMA user_version = 1;
                INSERT INTO results (id, started_at, operation, kind, rse, site, json) VALUES (@id, @at, 'read', 'scheduled', 'LAKE-A', 'LOCAL-1', @json);
                """;
            command.Parameters.AddWithValue("@id", result.Id);
            command.Parameters.AddWithValue("@at", result.StartedAt.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("@json", Lakemon.Probes.Results.ProbeResultJson.Serialize(result));
            command.ExecuteNonQuery();
        }

        await using var store = await OpenAsync();
        var samples = new List<StatusSample>();
        await foreach (var sample in store.QueryStatusesAsync(new StatusQuery(result.StartedAt, result.StartedAt.AddSeconds(1)), default))
        {
            samples.Add(sample);
        }

        Assert.Equal(3L, Pragma("user_version"));
        Assert.Equal([StatusSample.Of(result)], samples);
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private object? Pragma(string pragma)
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA {pragma}";
        return command.ExecuteScalar();
    }
}
