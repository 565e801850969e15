using System.Security.Cryptography;
using Lakemon.Probes.Storage.Local;

namespace Lakemon.Tests.Storage.Local;

public sealed class ReplacingFileStreamTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("lakemon-replacing-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Theory]
    [InlineData(0)]
    [InlineData(1_000)]
    [InlineData(20 * 1024 * 1024)]
    public async Task WriteAsync_OverAnExistingFile_LeavesExactlyTheNewBytes(int oldSize)
    {
        var path = Path.Combine(_root, "target.bin");
        await File.WriteAllBytesAsync(path, RandomNumberGenerator.GetBytes(oldSize));
        var bytes = RandomNumberGenerator.GetBytes(300_000);

        await using (var stream = new ReplacingFileStream(path))
        {
            await stream.WriteAsync(bytes.AsMemory(0, 100_000));
            await stream.WriteAsync(bytes.AsMemory(100_000));
        }

        Assert.Equal(bytes, await File.ReadAllBytesAsync(path));
    }

    [Theory]
    [InlineData(1_000)]
    [InlineData(20 * 1024 * 1024)]
    public async Task DisposeAsync_NothingWritten_LeavesAnEmptyFile(int oldSize)
    {
        var path = Path.Combine(_root, "empty.bin");
        await File.WriteAllBytesAsync(path, RandomNumberGenerator.GetBytes(oldSize));

        await using (new ReplacingFileStream(path))
        {
        }

        Assert.Equal(0, new FileInfo(path).Length);
    }

    [Fact]
    public void Constructor_MissingFile_CreatesIt()
    {
        var path = Path.Combine(_root, "new.bin");

        using (var stream = new ReplacingFileStream(path))
        {
            stream.Write([1, 2, 3]);
        }

        Assert.Equal([1, 2, 3], File.ReadAllBytes(path));
    }

    [Fact]
    public void Constructor_DirectoryMissing_FailsAtOnce()
    {
        Assert.Throws<DirectoryNotFoundException>(() => new ReplacingFileStream(Path.Combine(_root, "no", "such", "dir.bin")));
    }
}
