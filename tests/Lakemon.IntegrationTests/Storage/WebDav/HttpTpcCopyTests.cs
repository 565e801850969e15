using System.Collections.Concurrent;
using Lakemon.IntegrationTests.Support;
using Lakemon.Probes.Configuration;
using Lakemon.Probes.Results;
using Lakemon.Probes.Storage;
using Lakemon.Probes.Storage.WebDav;

namespace Lakemon.IntegrationTests.Storage.WebDav;

/// <summary>HTTP-TPC between two lake RSEs driven by <see cref="WebDavClient.CopyAsync"/>: the servers move the
/// bytes, the server-side adler32 proves the copy, and a failed copy never passes for a success.</summary>
public sealed class HttpTpcCopyTests(WebDavLakeFixture fixture) : IClassFixture<WebDavLakeFixture>
{
    private readonly RunningLake _lake = fixture.Lake;
    private readonly WebDavClient _client = fixture.Client;

    [Theory]
    [InlineData(TpcMode.HttpPull)]
    [InlineData(TpcMode.HttpPush)]
    public async Task CopyAsync_BetweenTwoRses_DestinationDigestEqualsSource(TpcMode mode)
    {
        var name = WebDavLakeFixture.RandomName(mode.ToString());
        var (source, adler) = await UploadAsync(name, 1_500_000);
        // A destination directory that does not exist yet: pull must create it first.
        var destination = new Uri(_lake.Rses[1].Https($"/{name}/new/dir/copy.bin"));
        var phases = new PhaseRecorder();

        var result = await _client.CopyAsync(source, destination, new CopyOptions(mode), null, phases, CancellationToken.None);

        Assert.Equal(adler, await _client.ChecksumAsync(source, "adler32", new PhaseRecorder(), CancellationToken.None));
        Assert.Equal(adler, await _client.ChecksumAsync(destination, "adler32", new PhaseRecorder(), CancellationToken.None));
        Assert.Equal(1_500_000, result.Bytes);
        Assert.Null(result.Adler32);
        Assert.NotNull(phases[PhaseNames.Request]);
        Assert.NotNull(phases[PhaseNames.TpcWait]);
    }

    [Fact]
    public async Task CopyAsync_Pull64MiB_ReportsProgressAndCopiesExactly()
    {
        var name = WebDavLakeFixture.RandomName("big");
        var (source, adler) = await UploadAsync(name, 64 * 1024 * 1024);
        var destination = new Uri(_lake.Rses[1].Https($"/{name}/copy.bin"));
        var reports = new ConcurrentQueue<TransferProgress>();

        var result = await _client.CopyAsync(source, destination, new CopyOptions(TpcMode.HttpPull), new Collector(reports), new PhaseRecorder(), CancellationToken.None);

        // xrootd sends a marker when the copy starts and every few seconds after; the client adds the final size.
        Assert.True(reports.Count >= 2, $"{reports.Count} progress reports");
        Assert.Equal(new TransferProgress(64L * 1024 * 1024, 64L * 1024 * 1024), reports.Last());
        Assert.Equal(64L * 1024 * 1024, result.Bytes);
        Assert.Equal(adler, await _client.ChecksumAsync(destination, "adler32", new PhaseRecorder(), CancellationToken.None));
    }

    [Theory]
    [InlineData(TpcMode.HttpPull)]
    [InlineData(TpcMode.HttpPush)]
    public async Task CopyAsync_FromAMissingSource_ThrowsAndLeavesNoDestination(TpcMode mode)
    {
        var name = WebDavLakeFixture.RandomName("missing");
        var source = new Uri(_lake.Rses[0].Https($"/{name}/does-not-exist.bin"));
        var destination = new Uri(_lake.Rses[1].Https($"/{name}/copy.bin"));

        var error = await Assert.ThrowsAsync<StorageException>(() =>
            _client.CopyAsync(source, destination, new CopyOptions(mode), null, new PhaseRecorder(), CancellationToken.None));

        Assert.Contains(error.Kind, new[] { FailureKind.TpcFailed, FailureKind.NotFound });
        Assert.Contains("COPY", error.Message, StringComparison.Ordinal);
        Assert.False((await _client.StatAsync(destination, new PhaseRecorder(), CancellationToken.None)).Exists);
    }

    [Fact]
    public async Task CopyAsync_PullToAnUnreachableSource_FailsAsTpcFailedDespite201AndRemovesTheEmptyFile()
    {
        // xrootd answers 201 and reports the failure only in the last body line; it leaves a 0-byte file behind.
        var name = WebDavLakeFixture.RandomName("unreachable");
        var source = new Uri($"https://127.0.0.1:{FreePorts.Next()}/lake/{name}.bin");
        var destination = new Uri(_lake.Rses[1].Https($"/{name}/copy.bin"));

        var error = await Assert.ThrowsAsync<StorageException>(() =>
            _client.CopyAsync(source, destination, new CopyOptions(TpcMode.HttpPull), null, new PhaseRecorder(), CancellationToken.None));

        Assert.Equal(FailureKind.TpcFailed, error.Kind);
        Assert.Contains("failure:", error.Message, StringComparison.Ordinal);
        Assert.False((await _client.StatAsync(destination, new PhaseRecorder(), CancellationToken.None)).Exists);
    }

    [Fact]
    public async Task CopyAsync_OverwriteFalseOntoAnExistingFile_FailsAndKeepsTheExistingFile()
    {
        var name = WebDavLakeFixture.RandomName("keep");
        var (source, _) = await UploadAsync(name, 1000);
        var destination = new Uri(_lake.Rses[1].Https($"/{name}/existing.bin"));
        await _client.UploadAsync(destination, new MemoryStream(new byte[77]), new PhaseRecorder(), CancellationToken.None);

        var error = await Assert.ThrowsAsync<StorageException>(() =>
            _client.CopyAsync(source, destination, new CopyOptions(TpcMode.HttpPull, Overwrite: false), null, new PhaseRecorder(), CancellationToken.None));

        Assert.Equal(FailureKind.TpcFailed, error.Kind);
        Assert.Equal(77, (await _client.StatAsync(destination, new PhaseRecorder(), CancellationToken.None)).Size);
    }

    private async Task<(Uri Url, string Adler)> UploadAsync(string name, int size)
    {
        var (file, _, adler) = fixture.RandomFile(size);
        var url = new Uri(_lake.Rses[0].Https($"/{name}/source.bin"));
        await using var stream = File.OpenRead(file);
        await _client.UploadAsync(url, stream, new PhaseRecorder(), CancellationToken.None);
        return (url, adler);
    }

    // Progress<T> posts to the thread pool, so a report could land after the assertion; this records synchronously.
    private sealed class Collector(ConcurrentQueue<TransferProgress> reports) : IProgress<TransferProgress>
    {
        public void Report(TransferProgress value) => reports.Enqueue(value);
    }
}
