using Lakemon.Collector.Scheduling;
using Lakemon.Probes.Configuration;

namespace Lakemon.Tests.Scheduling;

public sealed class SchedulerStoreOptionsTests
{
    [Fact]
    public void FromConfig_NoPostgres_InMemoryWithTheConfiguredInstanceId()
    {
        var store = SchedulerStoreOptions.FromConfig(new SchedulerOptions("node-a", null), _ => throw new InvalidOperationException("not read"));

        Assert.False(store.IsClustered);
        Assert.Equal("node-a", store.InstanceId);
    }

    [Fact]
    public void FromConfig_PostgresWithItsVariableSet_ClusteredOnThatConnectionString()
    {
        var config = new SchedulerOptions(SchedulerOptions.AutoInstanceId, new SchedulerPostgresOptions("LAKEMON_SCHEDULER_PG"));

        var store = SchedulerStoreOptions.FromConfig(config, name => name == "LAKEMON_SCHEDULER_PG" ? "Host=db;Password=canary-secret" : null);

        Assert.True(store.IsClustered);
        Assert.Equal("Host=db;Password=canary-secret", store.PostgresConnectionString);
        Assert.DoesNotContain("canary-secret", store.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void FromConfig_PostgresVariableUnset_ThrowsNamingTheKeyAndTheVariable(string? value)
    {
        var config = new SchedulerOptions(SchedulerOptions.AutoInstanceId, new SchedulerPostgresOptions("LAKEMON_SCHEDULER_PG"));

        var error = Assert.Throws<InvalidOperationException>(() => SchedulerStoreOptions.FromConfig(config, _ => value));

        Assert.Equal(
            "scheduler.postgres.connection_env: environment variable LAKEMON_SCHEDULER_PG is not set; it must hold the PostgreSQL connection string of the job store",
            error.Message);
    }
}
