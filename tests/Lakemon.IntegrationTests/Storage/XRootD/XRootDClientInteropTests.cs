using System.Security.Cryptography;
using Lakemon.IntegrationTests.Support;
using Lakemon.Probes.Checksums;
using Lakemon.Probes.Storage;
using Lakemon.Probes.Storage.XRootD;
using static Lakemon.IntegrationTests.Support.ProcessRunner;

namespace Lakemon.IntegrationTests.Storage.XRootD;

/// <summary>
/// XRootDClient against the real lake and the reference tools: what it writes xrdcp reads byte for byte, what xrdcp
/// writes it reads byte for byte, and three adler32s agree — ours, the server's (kXR_query) and xrdadler32's.
/// </summary>
public sealed class XRootDClientInteropTests(XRootDLakeFixture fixture) : IClassFixture<XRootDLakeFixture>
{
    private readonly RunningLake _lake = fixture.Lake;
    private readonly XRootDClient _client = new(StorageCredentials.None);

    public static TheoryData<int> Sizes => [0, 1, 1_048_576 + 7, 20 * 1_048_576];

    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task UploadAsync_ThenXrdcpDownload_BytesAndChecksumsAgree(int size)
    {
        var bytes = RandomNumberGenerator.GetBytes(size);
        var url = new Uri(_lake.Rses[0].Root($"/xrd-up-{Guid.NewGuid():N}/data.bin"));

        var result = await _client.UploadAsync(url, new MemoryStream(bytes), new PhaseRecorder(), CancellationToken.None);
        var back = Path.Combine(Scratch(), "back.bin");
        await RunCheckedAsync("xrdcp", "-s", "-f", url.ToString(), back);

        Assert.Equal(size, result.Bytes);
        Assert.Equal(Adler32.Compute(bytes), result.Adler32);
        var copied = await File.ReadAllBytesAsync(back);
        Assert.True(bytes.AsSpan().SequenceEqual(copied), "xrdcp read different bytes");
        Assert.Equal(result.Adler32, await _client.ChecksumAsync(url, "adler32", new PhaseRecorder(), CancellationToken.None));
        Assert.Equal(result.Adler32, await XrdAdler32Async(back));
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task ReadAsync_OfAFileXrdcpWrote_BytesAndChecksumsAgree(int size)
    {
        var bytes = RandomNumberGenerator.GetBytes(size);
        var local = Path.Combine(Scratch(), "data.bin");
        await File.WriteAllBytesAsync(local, bytes);
        var url = new Uri(_lake.Rses[1].Root($"/xrd-down-{Guid.NewGuid():N}/data.bin"));
        await RunCheckedAsync("xrdcp", "-s", "-f", local, url.ToString());

        var received = new MemoryStream();
        var phases = new PhaseRecorder();
        var result = await _client.ReadAsync(url, received, phases, CancellationToken.None);

        Assert.Equal(size, result.Bytes);
        Assert.True(bytes.AsSpan().SequenceEqual(received.ToArray()), "XRootDClient read different bytes");
        Assert.Equal(await XrdAdler32Async(local), result.Adler32);
        Assert.Equal(result.Adler32, await _client.ChecksumAsync(url, "adler32", new PhaseRecorder(), CancellationToken.None));
        Assert.NotNull(phases[PhaseNames.Connect]);
        Assert.NotNull(phases[PhaseNames.Open]);
        Assert.NotNull(phases[PhaseNames.Transfer]);
    }

    [Fact]
    public async Task UploadAsync_OverAnExistingFile_ReplacesIt()
    {
        var url = new Uri(_lake.Rses[0].Root($"/xrd-replace-{Guid.NewGuid():N}.bin"));
        await _client.UploadAsync(url, new MemoryStream(RandomNumberGenerator.GetBytes(300_000)), new PhaseRecorder(), CancellationToken.None);
        var second = RandomNumberGenerator.GetBytes(1000);

        await _client.UploadAsync(url, new MemoryStream(second), new PhaseRecorder(), CancellationToken.None);

        var stat = await _client.StatAsync(url, new PhaseRecorder(), CancellationToken.None);
        Assert.Equal(1000, stat.Size);
        Assert.Equal(Adler32.Compute(second), await _client.ChecksumAsync(url, "adler32", new PhaseRecorder(), CancellationToken.None));
    }

    [Fact]
    public async Task UploadAndRead_OverRootsWithTheLakeCa_RoundTripOverTls()
    {
        // The lake configures xrd.tls, so roots:// makes the server switch the connection to TLS (kXR_gotoTLS).
        var client = new XRootDClient(new StorageCredentials(CaDirectory: _lake.CaDirectory));
        var bytes = RandomNumberGenerator.GetBytes(2_000_003);
        var url = new Uri(_lake.Rses[0].Root($"/xrd-tls-{Guid.NewGuid():N}.bin").Replace("root://", "roots://", StringComparison.Ordinal));
        var phases = new PhaseRecorder();

        var written = await client.UploadAsync(url, new MemoryStream(bytes), phases, CancellationToken.None);
        var received = new MemoryStream();
        var read = await client.ReadAsync(url, received, new PhaseRecorder(), CancellationToken.None);

        Assert.Equal(Adler32.Compute(bytes), written.Adler32);
        Assert.Equal(written.Adler32, read.Adler32);
        Assert.True(bytes.AsSpan().SequenceEqual(received.ToArray()));
        Assert.NotNull(phases[PhaseNames.Tls]);
    }

    [Fact]
    public async Task StatAsync_OverRootsWithoutTheLakeCa_FailsAsTls()
    {
        var client = new XRootDClient(StorageCredentials.None);
        var url = new Uri(_lake.Rses[0].Root("/").Replace("root://", "roots://", StringComparison.Ordinal));

        var failure = await Assert.ThrowsAsync<StorageException>(() => client.StatAsync(url, new PhaseRecorder(), CancellationToken.None));

        Assert.Equal(Probes.Results.FailureKind.Tls, failure.Kind);
    }

    [Fact]
    public async Task StatAsync_OverRootsTrustingOnlyAnotherCa_FailsAsTls()
    {
        var client = new XRootDClient(new StorageCredentials(CaFile: ForeignCa.WritePemFile(Scratch())));
        var url = new Uri(_lake.Rses[0].Root("/").Replace("root://", "roots://", StringComparison.Ordinal));

        var failure = await Assert.ThrowsAsync<StorageException>(() => client.StatAsync(url, new PhaseRecorder(), CancellationToken.None));

        Assert.Equal(Probes.Results.FailureKind.Tls, failure.Kind);
    }

    private static async Task<string> XrdAdler32Async(string path) =>
        (await RunCheckedAsync("xrdadler32", path)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];

    private string Scratch()
    {
        // Inside the lake directory, so that the fixture's wipe removes it.
        var directory = Path.Combine(_lake.Directory, "scratch", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        return directory;
    }
}
