using Lakemon.IntegrationTests.Support;
using Lakemon.Probes.Checksums;
using Lakemon.Probes.Results;
using Lakemon.Probes.Storage;
using Lakemon.Probes.Storage.WebDav;
using static Lakemon.IntegrationTests.Support.ProcessRunner;

namespace Lakemon.IntegrationTests.Storage.WebDav;

/// <summary>
/// <see cref="WebDavClient"/> against the real lake, with curl and xrdadler32 as the independent peers: what the
/// client writes others read byte for byte and the other way round, and three adler32s (ours, the server's, the
/// local tool's) agree.
/// </summary>
public sealed class WebDavClientTests(WebDavLakeFixture fixture) : IClassFixture<WebDavLakeFixture>
{
    private readonly RunningLake _lake = fixture.Lake;
    private readonly WebDavClient _client = fixture.Client;

    [Theory]
    [InlineData("https")]
    [InlineData("http")]
    [InlineData("davs")]
    public async Task UploadAsync_ThenCurlDownloads_BytesIdenticalAndAllAdler32sAgree(string scheme)
    {
        var (file, bytes, adler) = fixture.RandomFile(1_234_567);
        var url = Url(scheme, $"/{WebDavLakeFixture.RandomName("up")}/nested/file.bin");
        var phases = new PhaseRecorder();

        TransferResult written;
        await using (var source = File.OpenRead(file))
        {
            written = await _client.UploadAsync(url, source, phases, CancellationToken.None);
        }
        var back = fixture.ScratchPath("back.bin");
        await RunCheckedAsync("curl", "-sS", "--fail", "--capath", _lake.CaDirectory, "-o", back, HttpsOrHttp(url));
        var server = await _client.ChecksumAsync(url, "adler32", new PhaseRecorder(), CancellationToken.None);
        var tool = (await RunCheckedAsync("xrdadler32", file)).Split(' ')[0];

        Assert.Equal(bytes.LongLength, written.Bytes);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(back));
        Assert.Equal(adler, written.Adler32);
        Assert.Equal(tool, written.Adler32);
        Assert.Equal(tool, server);
        Assert.True(phases[PhaseNames.Transfer] > TimeSpan.Zero);
        Assert.NotNull(phases[PhaseNames.Request]);
    }

    [Theory]
    [InlineData("https")]
    [InlineData("http")]
    public async Task ReadAsync_FileWrittenByCurl_BytesIdenticalAndAdler32MatchesServerAndTool(string scheme)
    {
        var (file, bytes, _) = fixture.RandomFile(3_000_001);
        var url = Url(scheme, $"/{WebDavLakeFixture.RandomName("curl")}.bin");
        await RunCheckedAsync("curl", "-sS", "--fail", "--capath", _lake.CaDirectory, "-T", file, url.AbsoluteUri);

        using var destination = new MemoryStream();
        var read = await _client.ReadAsync(url, destination, new PhaseRecorder(), CancellationToken.None);
        var server = await _client.ChecksumAsync(url, "adler32", new PhaseRecorder(), CancellationToken.None);
        var tool = (await RunCheckedAsync("xrdadler32", file)).Split(' ')[0];

        Assert.Equal(bytes, destination.ToArray());
        Assert.Equal(bytes.LongLength, read.Bytes);
        Assert.Equal(tool, read.Adler32);
        Assert.Equal(tool, server);
    }

    [Fact]
    public async Task ReadAsync_OnAFreshConnectionOverHttps_RecordsConnectTlsRequestAndTransfer()
    {
        var url = new Uri(_lake.Rses[0].Https($"/{WebDavLakeFixture.RandomName("phases")}.bin"));
        var (file, _, _) = fixture.RandomFile(100_000);
        await RunCheckedAsync("curl", "-sS", "--fail", "--capath", _lake.CaDirectory, "-T", file, url.AbsoluteUri);
        // A client of its own, so that this read has to open (and time) its connection.
        using var client = new WebDavClient(new StorageCredentials(CaFile: _lake.CaFile));
        var phases = new PhaseRecorder();

        await client.ReadAsync(url, Stream.Null, phases, CancellationToken.None);

        var names = phases.Snapshot().Select(p => p.Key).ToList();
        Assert.Equal([PhaseNames.Connect, PhaseNames.Tls, PhaseNames.Request, PhaseNames.Transfer], names);
        Assert.All(phases.Snapshot(), p => Assert.True(p.Value > TimeSpan.Zero, $"{p.Key} = {p.Value}"));
    }

    [Fact]
    public async Task ReadAsync_OverPlainHttp_RecordsConnectButNoTls()
    {
        var url = new Uri(_lake.Rses[1].Http($"/{WebDavLakeFixture.RandomName("plain")}.bin"));
        await _client.UploadAsync(url, new MemoryStream(new byte[10]), new PhaseRecorder(), CancellationToken.None);
        using var client = new WebDavClient(StorageCredentials.None);
        var phases = new PhaseRecorder();

        await client.ReadAsync(url, Stream.Null, phases, CancellationToken.None);

        Assert.NotNull(phases[PhaseNames.Connect]);
        Assert.Null(phases[PhaseNames.Tls]);
    }

    [Fact]
    public async Task UploadAsync_NonSeekableSource_StreamsAndChecksumsTheBytes()
    {
        var (file, bytes, adler) = fixture.RandomFile(2_500_000);
        var url = new Uri(_lake.Rses[0].Https($"/{WebDavLakeFixture.RandomName("chunked")}.bin"));

        TransferResult written;
        await using (var source = new NonSeekableStream(File.OpenRead(file)))
        {
            written = await _client.UploadAsync(url, source, new PhaseRecorder(), CancellationToken.None);
        }
        var stat = await _client.StatAsync(url, new PhaseRecorder(), CancellationToken.None);

        Assert.Equal(adler, written.Adler32);
        Assert.Equal(bytes.LongLength, stat.Size);
        Assert.Equal(adler, await _client.ChecksumAsync(url, "adler32", new PhaseRecorder(), CancellationToken.None));
    }

    [Fact]
    public async Task StatAsync_FileThenDirectoryThenDeletedFile_ReportsSizeKindAndMissing()
    {
        var directory = $"/{WebDavLakeFixture.RandomName("stat")}";
        var url = new Uri(_lake.Rses[0].Https($"{directory}/file.bin"));
        await _client.UploadAsync(url, new MemoryStream(new byte[4096]), new PhaseRecorder(), CancellationToken.None);
        var phases = new PhaseRecorder();

        var file = await _client.StatAsync(url, phases, CancellationToken.None);
        var folder = await _client.StatAsync(new Uri(_lake.Rses[0].Https(directory)), new PhaseRecorder(), CancellationToken.None);
        await _client.DeleteAsync(url, new PhaseRecorder(), CancellationToken.None);
        var gone = await _client.StatAsync(url, new PhaseRecorder(), CancellationToken.None);

        // 4096 bytes on purpose: the size of a directory inode, which HEAD alone could not tell apart.
        Assert.Equal(new StorageStat(true, 4096, file.Modified, false), file);
        Assert.NotNull(file.Modified);
        Assert.True(Math.Abs((DateTimeOffset.UtcNow - file.Modified!.Value).TotalMinutes) < 5);
        Assert.True(folder.Exists);
        Assert.True(folder.IsDirectory);
        Assert.Equal(StorageStat.Missing, gone);
        Assert.NotNull(phases[PhaseNames.Stat]);
    }

    [Fact]
    public async Task ListAsync_DirectoryWithFilesAndASubdirectory_ShowsEntriesWithSizesButNotItself()
    {
        var directory = _lake.Rses[1].Https($"/{WebDavLakeFixture.RandomName("list")}");
        await _client.UploadAsync(new Uri(directory + "/a.bin"), new MemoryStream(new byte[1000]), new PhaseRecorder(), CancellationToken.None);
        await _client.UploadAsync(new Uri(directory + "/with space.bin"), new MemoryStream(new byte[2345]), new PhaseRecorder(), CancellationToken.None);
        await _client.MakeDirectoryAsync(new Uri(directory + "/sub"), parents: false, new PhaseRecorder(), CancellationToken.None);

        var entries = await _client.ListAsync(new Uri(directory), new PhaseRecorder(), CancellationToken.None);

        Assert.Equal(["a.bin", "sub", "with space.bin"], entries.Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.Equal(1000, entries.Single(e => e.Name == "a.bin").Size);
        Assert.Equal(2345, entries.Single(e => e.Name == "with space.bin").Size);
        Assert.False(entries.Single(e => e.Name == "a.bin").IsDirectory);
        Assert.True(entries.Single(e => e.Name == "sub").IsDirectory);
        Assert.All(entries, e => Assert.NotNull(e.Modified));
    }

    [Fact]
    public async Task ListAsync_MissingDirectory_ThrowsNotFound()
    {
        var url = new Uri(_lake.Rses[1].Https($"/{WebDavLakeFixture.RandomName("nolist")}"));

        var error = await Assert.ThrowsAsync<StorageException>(() => _client.ListAsync(url, new PhaseRecorder(), CancellationToken.None));

        Assert.Equal(FailureKind.NotFound, error.Kind);
    }

    [Fact]
    public async Task MakeDirectoryAsync_ThreeLevelsWithParents_CreatesThemAndIsIdempotent()
    {
        var top = _lake.Rses[0].Https($"/{WebDavLakeFixture.RandomName("mkdir")}");
        var deep = new Uri(top + "/b/c");

        await _client.MakeDirectoryAsync(deep, parents: true, new PhaseRecorder(), CancellationToken.None);
        await _client.MakeDirectoryAsync(deep, parents: true, new PhaseRecorder(), CancellationToken.None);

        Assert.True((await _client.StatAsync(deep, new PhaseRecorder(), CancellationToken.None)).IsDirectory);
        Assert.True((await _client.StatAsync(new Uri(top + "/b"), new PhaseRecorder(), CancellationToken.None)).IsDirectory);
        var listing = await _client.ListAsync(new Uri(top), new PhaseRecorder(), CancellationToken.None);
        Assert.Equal("b", Assert.Single(listing).Name);
    }

    [Fact]
    public async Task MakeDirectoryAsync_WhereAFileExists_ThrowsInsteadOfPretending()
    {
        var url = new Uri(_lake.Rses[0].Https($"/{WebDavLakeFixture.RandomName("notdir")}.bin"));
        await _client.UploadAsync(url, new MemoryStream(new byte[3]), new PhaseRecorder(), CancellationToken.None);

        var error = await Assert.ThrowsAsync<StorageException>(() => _client.MakeDirectoryAsync(url, parents: true, new PhaseRecorder(), CancellationToken.None));

        Assert.Equal(FailureKind.ProtocolError, error.Kind);
        Assert.Contains("is a file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeleteAsync_OfAMissingPath_LeavesNoClosedConnectionForTheNextRequests()
    {
        // XRootD 5.5 closes the connection after a 404 to DELETE while announcing keep-alive; before the client closed
        // its DELETE connections, 125 of these 400 rounds (4 at a time) failed with "response ended prematurely".
        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 100; i++)
            {
                var url = new Uri(_lake.Rses[0].Https($"/{WebDavLakeFixture.RandomName("gone")}.bin"));
                try
                {
                    await _client.UploadAsync(url, new MemoryStream(new byte[10]), new PhaseRecorder(), CancellationToken.None);
                    await _client.DeleteAsync(url, new PhaseRecorder(), CancellationToken.None);
                    var again = await Assert.ThrowsAsync<StorageException>(() => _client.DeleteAsync(url, new PhaseRecorder(), CancellationToken.None));
                    Assert.Equal(FailureKind.NotFound, again.Kind);
                    Assert.False((await _client.StatAsync(url, new PhaseRecorder(), CancellationToken.None)).Exists);
                }
                catch (Exception e) when (e is StorageException or Xunit.Sdk.XunitException)
                {
                    failures.Enqueue(e.Message);
                }
            }
        })));
        Assert.Empty(failures);
    }

    [Fact]
    public async Task DeleteAsync_ExistingThenAgain_RemovesThenThrowsNotFound()
    {
        var url = new Uri(_lake.Rses[0].Https($"/{WebDavLakeFixture.RandomName("del")}.bin"));
        await _client.UploadAsync(url, new MemoryStream(new byte[10]), new PhaseRecorder(), CancellationToken.None);
        var phases = new PhaseRecorder();

        await _client.DeleteAsync(url, phases, CancellationToken.None);
        var again = await Assert.ThrowsAsync<StorageException>(() => _client.DeleteAsync(url, new PhaseRecorder(), CancellationToken.None));

        Assert.False((await _client.StatAsync(url, new PhaseRecorder(), CancellationToken.None)).Exists);
        Assert.Equal(FailureKind.NotFound, again.Kind);
        Assert.Contains("DELETE https://127.0.0.1:", again.Message, StringComparison.Ordinal);
        Assert.Contains("404", again.Message, StringComparison.Ordinal);
        Assert.NotNull(phases[PhaseNames.Delete]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("/")]
    public async Task DeleteAsync_EmptyCollection_RemovesIt(string trailingSlash)
    {
        var directory = new Uri(_lake.Rses[0].Https($"/{WebDavLakeFixture.RandomName("rmcol")}/empty"));
        await _client.MakeDirectoryAsync(directory, parents: true, new PhaseRecorder(), CancellationToken.None);

        await _client.DeleteAsync(new Uri(directory.OriginalString + trailingSlash), new PhaseRecorder(), CancellationToken.None);

        Assert.False((await _client.StatAsync(directory, new PhaseRecorder(), CancellationToken.None)).Exists);
        Assert.True((await _client.StatAsync(StorageUrl.Parent(directory), new PhaseRecorder(), CancellationToken.None)).IsDirectory);
    }

    [Fact]
    public async Task DeleteAsync_NonEmptyCollection_FailsServerErrorAndKeepsTheContentLikeXRootD()
    {
        // XrdHttp refuses what RFC 4918 §9.6.1 would allow (a recursive DELETE), as kXR_rm and rmdir(2) do.
        var directory = new Uri(_lake.Rses[0].Https($"/{WebDavLakeFixture.RandomName("rmfull")}"));
        var file = StorageUrl.Child(directory, "inside.bin");
        await _client.UploadAsync(file, new MemoryStream(new byte[7]), new PhaseRecorder(), CancellationToken.None);

        var error = await Assert.ThrowsAsync<StorageException>(() => _client.DeleteAsync(directory, new PhaseRecorder(), CancellationToken.None));

        Assert.Equal(FailureKind.ServerError, error.Kind);
        Assert.Contains("not empty", error.Message, StringComparison.Ordinal);
        Assert.Equal(7, (await _client.StatAsync(file, new PhaseRecorder(), CancellationToken.None)).Size);
    }

    [Fact]
    public async Task ChecksumAsync_MissingFile_ThrowsNotFound()
    {
        var url = new Uri(_lake.Rses[0].Https($"/{WebDavLakeFixture.RandomName("nosum")}.bin"));

        var error = await Assert.ThrowsAsync<StorageException>(() => _client.ChecksumAsync(url, "adler32", new PhaseRecorder(), CancellationToken.None));

        Assert.Equal(FailureKind.NotFound, error.Kind);
    }

    private Uri Url(string scheme, string path)
    {
        var rse = _lake.Rses[0];
        return scheme switch
        {
            "http" => new Uri(rse.Http(path)),
            "davs" => new Uri("davs" + rse.Https(path)["https".Length..]),
            _ => new Uri(rse.Https(path)),
        };
    }

    private static string HttpsOrHttp(Uri url) => url.Scheme == "davs" ? "https" + url.AbsoluteUri["davs".Length..] : url.AbsoluteUri;

    /// <summary>A pipe-like source: no length, no seeking, so the body goes out chunked.</summary>
    private sealed class NonSeekableStream(Stream inner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
