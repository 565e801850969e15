namespace Lakemon.IntegrationTests.Support;

/// <summary>One three-RSE lake per test class; each test writes under its own random path, so tests in the class
/// never see each other's files.</summary>
public sealed class LakeFixture : IAsyncLifetime
{
    private RunningLake? _lake;

    public RunningLake Lake => _lake ?? throw new InvalidOperationException("lake not started");

    public async Task InitializeAsync() => _lake = await RunningLake.StartAsync(3, "interop");

    public async Task DisposeAsync()
    {
        if (_lake is not null)
        {
            await _lake.DisposeAsync();
        }
    }
}
