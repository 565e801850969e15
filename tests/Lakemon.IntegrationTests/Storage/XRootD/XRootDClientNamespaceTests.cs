using System.Security.Cryptography;
using Lakemon.IntegrationTests.Support;
using Lakemon.Probes.Results;
using Lakemon.Probes.Storage;
using Lakemon.Probes.Storage.XRootD;

namespace Lakemon.IntegrationTests.Storage.XRootD;

/// <summary>stat, dirlist, mkdir and rm against the real lake: the namespace half of the storage lifecycle.</summary>
public sealed class XRootDClientNamespaceTests(XRootDLakeFixture fixture) : IClassFixture<XRootDLakeFixture>
{
    private readonly RunningLake _lake = fixture.Lake;
    private readonly XRootDClient _client = new(StorageCredentials.None);
    private readonly PhaseRecorder _phases = new();

    [Fact]
    public async Task StatAsync_OfAFileThenAfterDelete_ExistsWithSizeThenMissing()
    {
        var url = Url($"/xrd-stat-{Guid.NewGuid():N}/file.bin");
        var before = DateTimeOffset.UtcNow.AddMinutes(-1);
        await _client.UploadAsync(url, new MemoryStream(RandomNumberGenerator.GetBytes(12_345)), _phases, CancellationToken.None);

        var stat = await _client.StatAsync(url, _phases, CancellationToken.None);
        await _client.DeleteAsync(url, _phases, CancellationToken.None);
        var gone = await _client.StatAsync(url, _phases, CancellationToken.None);

        Assert.True(stat.Exists);
        Assert.False(stat.IsDirectory);
        Assert.Equal(12_345, stat.Size);
        Assert.InRange(stat.Modified!.Value, before, DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Equal(StorageStat.Missing, gone);
        Assert.NotNull(_phases[PhaseNames.Stat]);
        Assert.NotNull(_phases[PhaseNames.Delete]);
    }

    [Fact]
    public async Task MakeDirectoryAsync_WithParents_CreatesTheChainAndToleratesAnExistingOne()
    {
        var root = $"/xrd-mkdir-{Guid.NewGuid():N}";
        var leaf = Url($"{root}/a/b/c");

        await _client.MakeDirectoryAsync(leaf, parents: true, _phases, CancellationToken.None);
        await _client.MakeDirectoryAsync(leaf, parents: true, _phases, CancellationToken.None);
        await _client.MakeDirectoryAsync(Url($"{root}/a"), parents: false, _phases, CancellationToken.None);

        Assert.True((await _client.StatAsync(leaf, _phases, CancellationToken.None)).IsDirectory);
        Assert.True((await _client.StatAsync(Url($"{root}/a/b"), _phases, CancellationToken.None)).IsDirectory);
        Assert.NotNull(_phases[PhaseNames.Mkdir]);
    }

    [Fact]
    public async Task MakeDirectoryAsync_WithoutParentsUnderAMissingDirectory_FailsNotFound()
    {
        var url = Url($"/xrd-mkdir-{Guid.NewGuid():N}/missing/leaf");

        var failure = await Assert.ThrowsAsync<StorageException>(() => _client.MakeDirectoryAsync(url, parents: false, _phases, CancellationToken.None));

        Assert.Equal(FailureKind.NotFound, failure.Kind);
    }

    [Fact]
    public async Task ListAsync_OfADirectory_NamesFilesAndSubdirectoriesWithSizes()
    {
        var root = $"/xrd-list-{Guid.NewGuid():N}";
        await _client.UploadAsync(Url($"{root}/one.bin"), new MemoryStream(new byte[10]), _phases, CancellationToken.None);
        await _client.UploadAsync(Url($"{root}/two.bin"), new MemoryStream(new byte[2000]), _phases, CancellationToken.None);
        await _client.MakeDirectoryAsync(Url($"{root}/sub"), parents: true, _phases, CancellationToken.None);

        var entries = (await _client.ListAsync(Url(root), _phases, CancellationToken.None)).OrderBy(e => e.Name, StringComparer.Ordinal).ToList();

        Assert.Equal(["one.bin", "sub", "two.bin"], entries.Select(e => e.Name));
        Assert.Equal([false, true, false], entries.Select(e => e.IsDirectory));
        Assert.Equal(10, entries[0].Size);
        Assert.Equal(2000, entries[2].Size);
        Assert.All(entries, e => Assert.NotNull(e.Modified));
    }

    [Fact]
    public async Task StatAsync_OfADirectory_IsFlaggedAsDirectory()
    {
        var url = Url($"/xrd-dir-{Guid.NewGuid():N}");
        await _client.MakeDirectoryAsync(url, parents: false, _phases, CancellationToken.None);

        var stat = await _client.StatAsync(url, _phases, CancellationToken.None);

        Assert.True(stat.Exists);
        Assert.True(stat.IsDirectory);
    }

    [Fact]
    public async Task DeleteAsync_OfAMissingFile_FailsNotFound()
    {
        var failure = await Assert.ThrowsAsync<StorageException>(() => _client.DeleteAsync(Url($"/xrd-missing-{Guid.NewGuid():N}"), _phases, CancellationToken.None));

        Assert.Equal(FailureKind.NotFound, failure.Kind);
    }

    [Fact]
    public async Task DeleteAsync_OfAnEmptyDirectory_RemovesIt()
    {
        var url = Url($"/xrd-rmdir-{Guid.NewGuid():N}/empty");
        await _client.MakeDirectoryAsync(url, parents: true, _phases, CancellationToken.None);

        await _client.DeleteAsync(url, _phases, CancellationToken.None);

        Assert.Equal(StorageStat.Missing, await _client.StatAsync(url, _phases, CancellationToken.None));
        Assert.True((await _client.StatAsync(StorageUrl.Parent(url), _phases, CancellationToken.None)).IsDirectory);
    }

    [Fact]
    public async Task DeleteAsync_OfANonEmptyDirectory_FailsServerErrorAndKeepsTheContent()
    {
        var directory = Url($"/xrd-rmdir-{Guid.NewGuid():N}");
        var file = StorageUrl.Child(directory, "inside.bin");
        await _client.UploadAsync(file, new MemoryStream(new byte[7]), _phases, CancellationToken.None);

        var failure = await Assert.ThrowsAsync<StorageException>(() => _client.DeleteAsync(directory, _phases, CancellationToken.None));

        Assert.Equal(FailureKind.ServerError, failure.Kind);
        Assert.Contains("not empty", failure.Message, StringComparison.Ordinal);
        Assert.Equal(7, (await _client.StatAsync(file, _phases, CancellationToken.None)).Size);
    }

    [Fact]
    public async Task ReadAsync_OfAMissingFile_FailsNotFound()
    {
        var failure = await Assert.ThrowsAsync<StorageException>(() => _client.ReadAsync(Url($"/xrd-missing-{Guid.NewGuid():N}"), Stream.Null, _phases, CancellationToken.None));

        Assert.Equal(FailureKind.NotFound, failure.Kind);
    }

    private Uri Url(string path) => new(_lake.Rses[0].Root(path));
}
