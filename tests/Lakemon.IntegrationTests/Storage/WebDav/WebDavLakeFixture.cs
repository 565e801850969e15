using System.Security.Cryptography;
using Lakemon.IntegrationTests.Support;
using Lakemon.Probes.Checksums;
using Lakemon.Probes.Storage;
using Lakemon.Probes.Storage.WebDav;

namespace Lakemon.IntegrationTests.Storage.WebDav;

/// <summary>A two-RSE lake per test class and a <see cref="WebDavClient"/> that trusts its CA. Tests write under
/// random paths, so they never see each other's files.</summary>
public sealed class WebDavLakeFixture : IAsyncLifetime
{
    private RunningLake? _lake;
    private WebDavClient? _client;

    public RunningLake Lake => _lake ?? throw new InvalidOperationException("lake not started");

    public WebDavClient Client => _client ?? throw new InvalidOperationException("lake not started");

    public async Task InitializeAsync()
    {
        _lake = await RunningLake.StartAsync(2, "webdav");
        _client = new WebDavClient(new StorageCredentials(CaDirectory: _lake.CaDirectory));
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_lake is not null)
        {
            await _lake.DisposeAsync();
        }
    }

    public static string RandomName(string what) => $"{what}-{Guid.NewGuid():N}";

    /// <summary>A local file of random bytes inside the lake directory (wiped with the lake).</summary>
    public (string Path, byte[] Bytes, string Adler) RandomFile(int size)
    {
        var directory = Path.Combine(Lake.Directory, "scratch", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "data.bin");
        var bytes = RandomNumberGenerator.GetBytes(size);
        File.WriteAllBytes(path, bytes);
        return (path, bytes, Adler32.Compute(bytes));
    }

    public string ScratchPath(string name)
    {
        var directory = Path.Combine(Lake.Directory, "scratch", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        return Path.Combine(directory, name);
    }
}
