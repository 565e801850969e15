namespace Lakemon.IntegrationTests.Support;

/// <summary>The test classes that need PostgreSQL share one throwaway cluster; each test uses a schema of its own.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresCluster>
{
    public const string Name = "postgres";
}
