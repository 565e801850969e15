using System.Security.Cryptography;
using Lakemon.Probes.Checksums;
using Lakemon.Probes.Results;
using Lakemon.Probes.Storage;
using Lakemon.Probes.Storage.Local;

namespace Lakemon.Tests.Storage;

public sealed class FileStorageClientTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("lakemon-file-").FullName;
    private readonly FileStorageClient _client = new();

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private Uri Url(string path) => new Uri(Path.Combine(_root, path.TrimStart('/')));

    [Fact]
    public async Task UploadThenRead_RoundTrip_BytesAndAdler32Agree()
    {
        var bytes = RandomNumberGenerator.GetBytes(5_000_017);
        var phases = new PhaseRecorder();

        var written = await _client.UploadAsync(Url("a/b/file.bin"), new MemoryStream(bytes), phases, default);
        using var back = new MemoryStream();
        var read = await _client.ReadAsync(Url("a/b/file.bin"), back, phases, default);
        var server = await _client.ChecksumAsync(Url("a/b/file.bin"), "adler32", phases, default);

        Assert.Equal(bytes.Length, written.Bytes);
        Assert.Equal(Adler32.Compute(bytes), written.Adler32);
        Assert.Equal(written.Adler32, read.Adler32);
        Assert.Equal(written.Adler32, server);
        Assert.Equal(bytes, back.ToArray());
        Assert.NotNull(phases[PhaseNames.Transfer]);
        Assert.NotNull(phases[PhaseNames.Open]);
    }

    [Fact]
    public async Task StatListDelete_Lifecycle_ReportsExistenceSizesAndDeletion()
    {
        var phases = new PhaseRecorder();
        await _client.MakeDirectoryAsync(Url("d/e"), parents: true, phases, default);
        await _client.UploadAsync(Url("d/e/x"), new MemoryStream(new byte[10]), phases, default);
        await _client.UploadAsync(Url("d/e/y"), new MemoryStream(new byte[20]), phases, default);

        var stat = await _client.StatAsync(Url("d/e/x"), phases, default);
        var directory = await _client.StatAsync(Url("d/e"), phases, default);
        var list = await _client.ListAsync(Url("d/e"), phases, default);
        await _client.DeleteAsync(Url("d/e/x"), phases, default);
        var gone = await _client.StatAsync(Url("d/e/x"), phases, default);

        Assert.Equal((true, 10L, false), (stat.Exists, stat.Size, stat.IsDirectory));
        Assert.True(directory.IsDirectory);
        Assert.Equal([("x", 10L), ("y", 20L)], list.Select(e => (e.Name, e.Size ?? -1)));
        Assert.Same(StorageStat.Missing, gone);
    }

    [Theory]
    [InlineData("read-missing", FailureKind.NotFound)]
    [InlineData("delete-missing", FailureKind.NotFound)]
    [InlineData("mkdir-without-parent", FailureKind.NotFound)]
    [InlineData("upload-device-full", FailureKind.NoSpace)]
    [InlineData("checksum-md5", FailureKind.ProbeError)]
    public async Task Operation_WhenItFails_ReportsItsFailureKind(string situation, FailureKind expected)
    {
        var phases = new PhaseRecorder();
        Func<Task> action = situation switch
        {
            "read-missing" => () => _client.ReadAsync(Url("nope"), Stream.Null, phases, default),
            "delete-missing" => () => _client.DeleteAsync(Url("nope"), phases, default),
            "mkdir-without-parent" => () => _client.MakeDirectoryAsync(Url("p/q/r"), parents: false, phases, default),
            // /dev/full answers every write with ENOSPC: a real full device, no mock needed.
            "upload-device-full" => () => _client.UploadAsync(new Uri("file:///dev/full"), new MemoryStream(new byte[65536]), phases, default),
            "checksum-md5" => () => _client.ChecksumAsync(Url("x"), "md5", phases, default),
            _ => throw new ArgumentOutOfRangeException(nameof(situation)),
        };

        var failure = await Assert.ThrowsAsync<StorageException>(action);

        Assert.Equal(expected, failure.Kind);
    }

    [Theory]
    [InlineData(2, FailureKind.NotFound)]
    [InlineData(13, FailureKind.Auth)]
    [InlineData(30, FailureKind.Auth)]
    [InlineData(28, FailureKind.NoSpace)]
    [InlineData(122, FailureKind.NoSpace)]
    [InlineData(107, FailureKind.Connect)]
    [InlineData(110, FailureKind.Timeout)]
    [InlineData(5, FailureKind.ServerError)]
    public void ClassifyErrno_Table(int errno, FailureKind expected) => Assert.Equal(expected, FileFailureMap.ClassifyErrno(errno));
}
