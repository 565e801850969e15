using Lakemon.Collector.Store;
using Lakemon.IntegrationTests.Support;
using Lakemon.Tests.Store;

namespace Lakemon.IntegrationTests.Store;

/// <summary>The store contract through PostgreSQL's other insert path: every batch, even of one result, by binary COPY
/// into a temporary table.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresCopyResultStoreTests(PostgresCluster cluster) : ResultStoreContractTests
{
    private string? connectionString;

    protected override async Task<IResultStore> OpenAsync()
    {
        connectionString ??= await cluster.CreateSchemaAsync();
        return await PostgresResultStore.OpenAsync(connectionString, copyThreshold: 1, default);
    }
}
