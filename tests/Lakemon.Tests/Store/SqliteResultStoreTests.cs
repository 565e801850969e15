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
        Assert.Equal(1L, Pragma("user_version"));
        Assert.Equal(16384L, Pragma("page_size"));
    }

    [Fact]
    public async Task OpenAsync_FileOfANewerSchema_IsRefusedWithoutTouchingIt()
    {
        await (await OpenAsync()).DisposeAsync();
        Pragma("user_version = 99");

        var error = await Assert.ThrowsAsync<ResultStoreException>(OpenAsync);

        Assert.Equal($"{DatabasePath}: result store schema 99 was written by a newer lakemon (this one knows 1)", error.Message);
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
