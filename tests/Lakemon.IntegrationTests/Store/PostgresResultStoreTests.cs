using Lakemon.Collector.Store;
using Lakemon.IntegrationTests.Support;
using Lakemon.Probes.Configuration;
using Lakemon.Tests.Results;
using Lakemon.Tests.Store;

namespace Lakemon.IntegrationTests.Store;

/// <summary>The store contract against a real PostgreSQL (Debian's), each test in a schema of its own; batches below
/// the COPY threshold, so through the unnest insert (<see cref="PostgresCopyResultStoreTests"/> runs the COPY path).</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresResultStoreTests(PostgresCluster cluster) : ResultStoreContractTests
{
    private string? connectionString;

    protected override async Task<IResultStore> OpenAsync()
    {
        connectionString ??= await cluster.CreateSchemaAsync();
        return await PostgresResultStore.OpenAsync(connectionString, int.MaxValue, default);
    }

    [Fact]
    public async Task OpenAsync_ManyStoresAtOnceOnAnEmptyDatabase_AllSucceedOnOneSchema()
    {
        var schema = await cluster.CreateSchemaAsync();

        var stores = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => PostgresResultStore.OpenAsync(schema, default))));
        await stores[0].AddAsync([SampleResults.Full()], default);
        var counts = await Task.WhenAll(stores.Select(s => s.CountAsync(default)));
        foreach (var store in stores)
        {
            await store.DisposeAsync();
        }

        Assert.All(counts, count => Assert.Equal(1, count));
    }

    [Fact]
    public async Task ResultStoreFactory_ConnectionFromEnvironmentOrFile_OpensPostgres()
    {
        var schema = await cluster.CreateSchemaAsync();
        var variable = $"LAKEMON_TEST_PG_{Guid.NewGuid():N}";
        var directory = TestDirectories.Create("pgconn");
        var file = Path.Combine(directory, "pg.conn");
        await File.WriteAllTextAsync(file, schema + "\n");
        Environment.SetEnvironmentVariable(variable, schema);
        try
        {
            await using var fromEnvironment = await ResultStoreFactory.OpenAsync(new StoreOptions(null, new PostgresStoreOptions(variable, null), StoreOptions.DefaultRetention), default);
            await using var fromFile = await ResultStoreFactory.OpenAsync(new StoreOptions(null, new PostgresStoreOptions(null, file), StoreOptions.DefaultRetention), default);

            Assert.Equal(1, await fromEnvironment.AddAsync([SampleResults.Full()], default));
            Assert.Equal(1, await fromFile.CountAsync(default));
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
            Directory.Delete(directory, recursive: true);
        }
    }
}
