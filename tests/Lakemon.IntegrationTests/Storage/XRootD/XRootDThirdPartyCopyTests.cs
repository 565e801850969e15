using System.Diagnostics;
using System.Security.Cryptography;
using Lakemon.IntegrationTests.Support;
using Lakemon.Probes.Checksums;
using Lakemon.Probes.Configuration;
using Lakemon.Probes.Results;
using Lakemon.Probes.Storage;
using Lakemon.Probes.Storage.XRootD;
using Xunit.Abstractions;

namespace Lakemon.IntegrationTests.Storage.XRootD;

/// <summary>
/// XRootD native TPC between two lake RSEs. xrdcp's copy of 1 MiB takes about 2.5 s because XrdCl looks at the
/// destination's answer only every 2.5 s (DESIGN.md §7); ours waits on that answer itself.
/// </summary>
public sealed class XRootDThirdPartyCopyTests(XRootDLakeFixture fixture, ITestOutputHelper output) : IClassFixture<XRootDLakeFixture>
{
    private readonly RunningLake _lake = fixture.Lake;
    private readonly XRootDClient _client = new(StorageCredentials.None);

    [Fact]
    public async Task CopyAsync_OneMebibyteBetweenRses_IdenticalOnBothSidesAndFasterThanXrdcpPolls()
    {
        var bytes = RandomNumberGenerator.GetBytes(1_048_576);
        var name = Guid.NewGuid().ToString("N");
        var source = new Uri(_lake.Rses[0].Root($"/tpc-src-{name}/file.bin"));
        var destination = new Uri(_lake.Rses[1].Root($"/tpc-dst-{name}/deeper/file.bin"));
        await _client.UploadAsync(source, new MemoryStream(bytes), new PhaseRecorder(), CancellationToken.None);
        var phases = new PhaseRecorder();
        var reported = new List<TransferProgress>();

        var watch = Stopwatch.StartNew();
        var result = await _client.CopyAsync(source, destination, new CopyOptions(TpcMode.Root), new SynchronousProgress(reported), phases, CancellationToken.None);
        watch.Stop();
        output.WriteLine($"root TPC of 1 MiB took {watch.Elapsed.TotalSeconds:F3} s (tpc_wait {phases[PhaseNames.TpcWait]?.TotalSeconds:F3} s)");

        Assert.Equal(bytes.Length, result.Bytes);
        Assert.Null(result.Adler32);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"TPC took {watch.Elapsed}");
        var expected = Adler32.Compute(bytes);
        Assert.Equal(expected, await _client.ChecksumAsync(source, "adler32", new PhaseRecorder(), CancellationToken.None));
        Assert.Equal(expected, await _client.ChecksumAsync(destination, "adler32", new PhaseRecorder(), CancellationToken.None));
        Assert.NotNull(phases[PhaseNames.TpcWait]);
        Assert.Equal(new TransferProgress(bytes.Length, bytes.Length), Assert.Single(reported));
    }

    [Fact]
    public async Task CopyAsync_EightConcurrentCopiesInOneProcess_AllArriveIntact()
    {
        // Parallel copies are where the copy program of the destination used to reach the source before our grant
        // (XRootDThirdPartyCopy explains the rendezvous); each copy must still find its own grant and no other.
        const int copies = 8;
        var name = Guid.NewGuid().ToString("N");
        var sources = new Uri[copies];
        var expected = new string[copies];
        for (var i = 0; i < copies; i++)
        {
            var bytes = RandomNumberGenerator.GetBytes(1024 + i);
            sources[i] = new Uri(_lake.Rses[0].Root($"/tpc-par-{name}/src-{i}.bin"));
            expected[i] = Adler32.Compute(bytes);
            await _client.UploadAsync(sources[i], new MemoryStream(bytes), new PhaseRecorder(), CancellationToken.None);
        }
        var destinations = Enumerable.Range(0, copies).Select(i => new Uri(_lake.Rses[1].Root($"/tpc-par-{name}/dst-{i}.bin"))).ToArray();

        var watch = Stopwatch.StartNew();
        var results = await Task.WhenAll(Enumerable.Range(0, copies).Select(i => Task.Run(async () =>
        {
            var phases = new PhaseRecorder();
            var result = await _client.CopyAsync(sources[i], destinations[i], new CopyOptions(TpcMode.Root), null, phases, CancellationToken.None);
            return (result, phases);
        })));
        watch.Stop();
        output.WriteLine($"{copies} concurrent root TPCs took {watch.Elapsed.TotalSeconds:F3} s; tpc_wait per copy: " +
            string.Join(" ", results.Select(r => $"{r.phases[PhaseNames.TpcWait]?.TotalSeconds:F3}")));

        for (var i = 0; i < copies; i++)
        {
            Assert.Equal(1024 + i, results[i].result.Bytes);
            Assert.Equal(expected[i], await _client.ChecksumAsync(destinations[i], "adler32", new PhaseRecorder(), CancellationToken.None));
        }
    }

    [Fact]
    public async Task CopyAsync_TwentyMebibytesOverAnExistingDestination_ReplacesIt()
    {
        var bytes = RandomNumberGenerator.GetBytes(20 * 1_048_576 + 3);
        var name = Guid.NewGuid().ToString("N");
        var source = new Uri(_lake.Rses[1].Root($"/tpc-src-{name}.bin"));
        var destination = new Uri(_lake.Rses[0].Root($"/tpc-dst-{name}.bin"));
        await _client.UploadAsync(source, new MemoryStream(bytes), new PhaseRecorder(), CancellationToken.None);
        await _client.UploadAsync(destination, new MemoryStream(new byte[5]), new PhaseRecorder(), CancellationToken.None);

        await _client.CopyAsync(source, destination, new CopyOptions(TpcMode.Root), null, new PhaseRecorder(), CancellationToken.None);

        Assert.Equal(Adler32.Compute(bytes), await _client.ChecksumAsync(destination, "adler32", new PhaseRecorder(), CancellationToken.None));
        Assert.Equal(bytes.Length, (await _client.StatAsync(destination, new PhaseRecorder(), CancellationToken.None)).Size);
    }

    [Fact]
    public async Task CopyAsync_FromAMissingSource_FailsAndLeavesNoDestination()
    {
        var name = Guid.NewGuid().ToString("N");
        var source = new Uri(_lake.Rses[0].Root($"/tpc-missing-{name}.bin"));
        var destination = new Uri(_lake.Rses[1].Root($"/tpc-never-{name}.bin"));

        var failure = await Assert.ThrowsAsync<StorageException>(() =>
            _client.CopyAsync(source, destination, new CopyOptions(TpcMode.Root), null, new PhaseRecorder(), CancellationToken.None));

        Assert.Contains(failure.Kind, new[] { FailureKind.NotFound, FailureKind.TpcFailed });
        Assert.False((await _client.StatAsync(destination, new PhaseRecorder(), CancellationToken.None)).Exists);
    }

    [Fact]
    public async Task CopyAsync_WithAnHttpMode_IsRejected()
    {
        var url = new Uri(_lake.Rses[0].Root("/x"));

        await Assert.ThrowsAsync<ArgumentException>(() =>
            _client.CopyAsync(url, url, new CopyOptions(TpcMode.HttpPull), null, new PhaseRecorder(), CancellationToken.None));
    }

    /// <summary>Progress&lt;T&gt; posts to the thread pool; the test wants the reports in hand when the call returns.</summary>
    private sealed class SynchronousProgress(List<TransferProgress> reports) : IProgress<TransferProgress>
    {
        public void Report(TransferProgress value) => reports.Add(value);
    }
}
