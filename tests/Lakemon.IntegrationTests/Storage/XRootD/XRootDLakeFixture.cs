using Lakemon.IntegrationTests.Support;

namespace Lakemon.IntegrationTests.Storage.XRootD;

/// <summary>A two-RSE lake for the XRootD client tests (two RSEs so that TPC has a source and a destination); every
/// test works under its own random path.</summary>
public sealed class XRootDLakeFixture : IAsyncLifetime
{
    private RunningLake? _lake;

    public RunningLake Lake => _lake ?? throw new InvalidOperationException("lake not started");

    public async Task InitializeAsync() => _lake = await RunningLake.StartAsync(2, "xrootd");

    public async Task DisposeAsync()
    {
        if (_lake is not null)
        {
            await _lake.DisposeAsync();
        }
    }
}
