using Lakemon.Collector.Store;
using Lakemon.Probes.Configuration;
using Lakemon.Probes.Results;
using Lakemon.Tests.Results;

namespace Lakemon.Tests.Store;

/// <summary>
/// What every <see cref="IResultStore"/> promises, run against each implementation (SQLite here, PostgreSQL in the
/// integration tests) by deriving from this class. Every test gets an empty store of its own.
/// </summary>
public abstract class ResultStoreContractTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 29, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Opens this test's store; a second call opens the same store again (after the first was disposed).</summary>
    protected abstract Task<IResultStore> OpenAsync();

    [Fact]
    public async Task AddAsync_SameIdsTwice_StoresThemOnceAndAnswersZeroTheSecondTime()
    {
        await using var store = await OpenAsync();
        var batch = Enumerable.Range(0, 50).Select(i => At(i)).ToList();

        var first = await store.AddAsync(batch, default);
        var second = await store.AddAsync(batch, default);
        var overlapping = await store.AddAsync([batch[0], At(50), batch[1]], default);

        Assert.Equal(50, first);
        Assert.Equal(0, second);
        Assert.Equal(1, overlapping);
        Assert.Equal(51, await store.CountAsync(default));
    }

    [Fact]
    public async Task AddAsync_SameIdTwiceInOneBatch_StoresTheFirst()
    {
        await using var store = await OpenAsync();
        var first = At(1);

        var added = await store.AddAsync([first, first with { Status = ProbeStatus.Critical, FailureKind = FailureKind.Timeout }], default);

        Assert.Equal(1, added);
        Assert.Equal(ProbeStatus.Ok, (await AllAsync(store)).Single().Status);
    }

    [Fact]
    public async Task AddAsync_EmptyBatch_AnswersZero()
    {
        await using var store = await OpenAsync();

        Assert.Equal(0, await store.AddAsync([], default));
        Assert.Equal(0, await store.CountAsync(default));
    }

    [Fact]
    public async Task AddAsync_Cancelled_StoresNothing()
    {
        await using var store = await OpenAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.AddAsync([At(1), At(2)], new CancellationToken(canceled: true)));

        Assert.Equal(0, await store.CountAsync(default));
    }

    [Fact]
    public async Task AddAsync_ConcurrentBatches_StoresEveryResult()
    {
        await using var store = await OpenAsync();

        var added = await Task.WhenAll(Enumerable.Range(0, 8).Select(b =>
            Task.Run(() => store.AddAsync(Enumerable.Range(0, 100).Select(i => At(b * 100 + i)).ToList(), default))));

        Assert.All(added, count => Assert.Equal(100, count));
        Assert.Equal(800, await store.CountAsync(default));
    }

    [Fact]
    public async Task AddAsync_ConcurrentOverlappingBatches_CountEachResultOnce()
    {
        await using var store = await OpenAsync();

        // Batch b holds results 50b .. 50b+99: each overlaps the next by half, 8·50 + 50 = 450 distinct ids in all.
        var added = await Task.WhenAll(Enumerable.Range(0, 8).Select(b =>
            Task.Run(() => store.AddAsync(Enumerable.Range(b * 50, 100).Select(i => At(i)).ToList(), default))));

        Assert.Equal(450, added.Sum());
        Assert.Equal(450, await store.CountAsync(default));
    }

    [Fact]
    public async Task QueryAsync_AfterReopening_ReturnsEveryFieldExactly()
    {
        ProbeResult[] stored =
        [
            SampleResults.Full(),
            SampleResults.Transfer(mode: TpcMode.HttpPush, status: ProbeStatus.Warning) with { Id = "transfer", StartedAt = T0.AddMilliseconds(1) },
            SampleResults.Storage(size: null, site: null) with
            {
                Id = "minimal",
                Kind = RunKind.Challenge,
                StartedAt = T0.AddMilliseconds(2),
                Duration = TimeSpan.Zero,
            },
            SampleResults.Storage(status: ProbeStatus.Unknown, failure: FailureKind.PrerequisiteFailed, message: "upload failed: \"quota\" → ünïcode\n\ttab") with
            {
                Id = "message",
                StartedAt = T0.AddMilliseconds(3),
                Phases = [new("z-last", TimeSpan.FromSeconds(1)), new("a-first", TimeSpan.FromTicks(1))],
                ThroughputBytesPerSecond = 0.1,
            },
        ];
        await using (var writer = await OpenAsync())
        {
            await writer.AddAsync(stored, default);
        }

        await using var reader = await OpenAsync();
        var read = await AllAsync(reader);

        var expected = stored.OrderBy(r => r.StartedAt).ToList();
        Assert.Equal(expected.Count, read.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            // Records compare lists by reference, so the phases (whose order is part of the contract) are compared apart.
            Assert.Equal(expected[i] with { Phases = [] }, read[i] with { Phases = [] });
            Assert.Equal(expected[i].Phases, read[i].Phases);
        }
    }

    [Fact]
    public async Task QueryAsync_NoFilter_ReturnsOldestFirstAndInsertionOrderWithinOneMillisecond()
    {
        await using var store = await OpenAsync();
        await store.AddAsync([At(5, "late"), At(1, "second"), At(0, "first")], default);
        await store.AddAsync([At(1, "third"), At(3, "middle")], default);

        var ids = (await AllAsync(store)).Select(r => r.Id);

        Assert.Equal(["first", "second", "third", "middle", "late"], ids);
    }

    [Fact]
    public async Task QueryAsync_Rse_MatchesStorageResultsAndEitherEndOfATransfer()
    {
        await using var store = await OpenAsync();
        await store.AddAsync(
        [
            At(0, "a", rse: "LAKE-A"),
            At(1, "b", rse: "LAKE-B"),
            At(2, "a-to-b", transfer: ("LAKE-A", "LAKE-B")),
            At(3, "c-to-a", transfer: ("LAKE-C", "LAKE-A")),
            At(4, "b-to-c", transfer: ("LAKE-B", "LAKE-C")),
        ], default);

        Assert.Equal(["a", "a-to-b", "c-to-a"], await IdsAsync(store, new ResultQuery(Rse: "LAKE-A")));
        Assert.Equal(["b-to-c"], await IdsAsync(store, new ResultQuery(Rse: "LAKE-C", Since: T0.AddMilliseconds(4))));
        Assert.Empty(await IdsAsync(store, new ResultQuery(Rse: "LAKE-Z")));
    }

    [Fact]
    public async Task QueryAsync_SiteOperationAndKind_FilterAndCombine()
    {
        await using var store = await OpenAsync();
        await store.AddAsync(
        [
            At(0, "upload-1") with { Site = "SITE-1" },
            At(1, "read-1") with { Site = "SITE-1", Operation = ProbeOperation.Read },
            At(2, "read-2") with { Site = "SITE-2", Operation = ProbeOperation.Read, Kind = RunKind.Challenge },
            At(3, "tpc-2-1", transfer: ("LAKE-B", "LAKE-A")) with { SrcSite = "SITE-2", DstSite = "SITE-1" },
        ], default);

        Assert.Equal(["upload-1", "read-1", "tpc-2-1"], await IdsAsync(store, new ResultQuery(Site: "SITE-1")));
        Assert.Equal(["read-1", "read-2"], await IdsAsync(store, new ResultQuery(Operation: ProbeOperation.Read)));
        Assert.Equal(["read-2"], await IdsAsync(store, new ResultQuery(Operation: ProbeOperation.Read, Kind: RunKind.Challenge)));
        Assert.Equal(["read-2", "tpc-2-1"], await IdsAsync(store, new ResultQuery(Site: "SITE-2")));
        Assert.Equal(["tpc-2-1"], await IdsAsync(store, new ResultQuery(Operation: ProbeOperation.Tpc, Site: "SITE-1")));
    }

    [Fact]
    public async Task QueryAsync_SinceAndUntil_AreInclusiveAndExclusiveEvenBetweenMilliseconds()
    {
        await using var store = await OpenAsync();
        await store.AddAsync(Enumerable.Range(0, 5).Select(i => At(i, $"r{i}")).ToList(), default);
        var halfMillisecond = TimeSpan.FromTicks(TimeSpan.TicksPerMillisecond / 2);

        Assert.Equal(["r1", "r2"], await IdsAsync(store, new ResultQuery(Since: T0.AddMilliseconds(1), Until: T0.AddMilliseconds(3))));
        Assert.Equal(["r2", "r3"], await IdsAsync(store, new ResultQuery(Since: T0.AddMilliseconds(1) + halfMillisecond, Until: T0.AddMilliseconds(3) + halfMillisecond)));
        // An offset other than UTC names the same instant.
        Assert.Equal(["r4"], await IdsAsync(store, new ResultQuery(Since: T0.AddMilliseconds(4).ToOffset(TimeSpan.FromHours(2)))));
    }

    [Fact]
    public async Task QueryAsync_Limit_ReturnsTheOldest()
    {
        await using var store = await OpenAsync();
        await store.AddAsync(Enumerable.Range(0, 10).Select(i => At(9 - i, $"r{9 - i}")).ToList(), default);

        Assert.Equal(["r0", "r1", "r2"], await IdsAsync(store, new ResultQuery(Limit: 3)));
        Assert.Equal(["r5"], await IdsAsync(store, new ResultQuery(Since: T0.AddMilliseconds(5), Limit: 1)));
    }

    [Fact]
    public async Task DeleteOlderThanAsync_ManyChunks_RemovesExactlyTheOlderAndAnswersHowMany()
    {
        await using var store = await OpenAsync();
        // More than one deletion chunk (10 000), so the loop is exercised.
        const int old = 25_003;
        for (var start = 0; start < old; start += 10_000)
        {
            await store.AddAsync(Enumerable.Range(start, Math.Min(10_000, old - start)).Select(i => At(0, $"old-{i}")).ToList(), default);
        }
        await store.AddAsync([At(1, "edge"), At(2, "new")], default);

        var deleted = await store.DeleteOlderThanAsync(T0.AddMilliseconds(1), default);
        var again = await store.DeleteOlderThanAsync(T0.AddMilliseconds(1), default);

        Assert.Equal(old, deleted);
        Assert.Equal(0, again);
        Assert.Equal(["edge", "new"], await IdsAsync(store, new ResultQuery()));
    }

    [Fact]
    public async Task AddAsync_AfterRetentionDeletedAResult_StoresItAgain()
    {
        await using var store = await OpenAsync();
        await store.AddAsync([At(0, "once")], default);
        await store.DeleteOlderThanAsync(T0.AddDays(1), default);

        Assert.Equal(1, await store.AddAsync([At(0, "once")], default));
    }

    [Fact]
    public async Task QueryStatusesAsync_Window_ReturnsTheStatusColumnsOldestFirstAndFilters()
    {
        await using var store = await OpenAsync();
        await store.AddAsync(
        [
            At(5, "late", rse: "LAKE-B") with { Status = ProbeStatus.Critical, FailureKind = FailureKind.Timeout, Site = "LOCAL-2" },
            At(1, "early") with { Protocol = "https", SizeBytes = null, Status = ProbeStatus.Warning },
            At(3, "tpc", transfer: ("LAKE-C", "LAKE-A")) with { Status = ProbeStatus.Unknown, FailureKind = FailureKind.ProbeError, SrcSite = "LOCAL-3", DstSite = "LOCAL-1" },
            At(9, "outside"),
        ], default);

        var all = await StatusesAsync(store, new StatusQuery(T0, T0.AddMilliseconds(9)));
        var lakeA = await StatusesAsync(store, new StatusQuery(T0, T0.AddMilliseconds(9), Rse: "LAKE-A"));
        var site2 = await StatusesAsync(store, new StatusQuery(T0, T0.AddMilliseconds(9), Site: "LOCAL-2"));

        Assert.Equal(
        [
            new StatusSample(T0.AddMilliseconds(1).ToUnixTimeMilliseconds(), "LAKE-A", "LOCAL-1", null, null, "https", "upload", null, null, ProbeStatus.Warning),
            new StatusSample(T0.AddMilliseconds(3).ToUnixTimeMilliseconds(), null, null, "LAKE-C", "LAKE-A", "root", "tpc", "root", 1 << 20, ProbeStatus.Unknown),
            new StatusSample(T0.AddMilliseconds(5).ToUnixTimeMilliseconds(), "LAKE-B", "LOCAL-2", null, null, "root", "upload", null, 1 << 20, ProbeStatus.Critical),
        ], all);
        Assert.Equal(["https", "root"], lakeA.Select(s => s.Protocol));
        Assert.Equal([ProbeStatus.Critical], site2.Select(s => s.Status));
    }

    [Fact]
    public async Task QueryStatusesAsync_RehearsalResults_AreLeftOutButStillStored()
    {
        await using var store = await OpenAsync();
        await store.AddAsync(
        [
            At(1, "monitoring") with { Kind = RunKind.Scheduled },
            At(2, "rehearsal") with { Kind = RunKind.Challenge, Status = ProbeStatus.Critical, FailureKind = FailureKind.Timeout },
            At(3, "nightly") with { Kind = RunKind.Nightly },
        ], default);

        var samples = await StatusesAsync(store, new StatusQuery(T0, T0.AddMilliseconds(9)));

        Assert.Equal([T0.AddMilliseconds(1).ToUnixTimeMilliseconds(), T0.AddMilliseconds(3).ToUnixTimeMilliseconds()], samples.Select(s => s.StartedAtMilliseconds));
        Assert.Equal(["monitoring", "rehearsal", "nightly"], await IdsAsync(store, new ResultQuery()));
    }

    private static async Task<List<StatusSample>> StatusesAsync(IResultStore store, StatusQuery query)
    {
        var samples = new List<StatusSample>();
        await foreach (var sample in store.QueryStatusesAsync(query, default))
        {
            samples.Add(sample);
        }
        return samples;
    }

    private static ProbeResult At(int milliseconds, string? id = null, string rse = "LAKE-A", (string Source, string Destination)? transfer = null)
    {
        var result = transfer is { } link ? SampleResults.Transfer(link.Source, link.Destination) : SampleResults.Storage(rse);
        return result with { Id = id ?? $"r{milliseconds}", StartedAt = T0.AddMilliseconds(milliseconds) };
    }

    private static async Task<List<ProbeResult>> AllAsync(IResultStore store)
    {
        var results = new List<ProbeResult>();
        await foreach (var result in store.QueryAsync(new ResultQuery(), default))
        {
            results.Add(result);
        }
        return results;
    }

    private static async Task<List<string>> IdsAsync(IResultStore store, ResultQuery query)
    {
        var ids = new List<string>();
        await foreach (var result in store.QueryAsync(query, default))
        {
            ids.Add(result.Id);
        }
        return ids;
    }
}
