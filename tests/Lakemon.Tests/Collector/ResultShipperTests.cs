using System.Net;
using System.Net.Sockets;
using Lakemon.Collector.Agent;
using Lakemon.Collector.Ingest;
using Lakemon.Probes.Results;
using Lakemon.Tests.Spooling;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Xunit;

namespace Lakemon.Tests.Collector;

/// <summary>Agent → collector over real HTTP (Kestrel on a loopback port), with the collector down, up, and refusing.</summary>
public sealed class ResultShipperTests : IDisposable
{
    private const string Token = "shipper-test-token";
    private readonly string _spoolDirectory = Directory.CreateTempSubdirectory("lakemon-spool-").FullName;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };

    public void Dispose()
    {
        _http.Dispose();
        Directory.Delete(_spoolDirectory, recursive: true);
    }

    [Fact]
    public async Task Spool_AppendThenReopen_SegmentsKeepTheirOrderAndContent()
    {
        var first = new ResultSpool(_spoolDirectory);
        await first.AppendAsync(Results("a", 3), default);
        await first.AppendAsync(Results("b", 2), default);
        await File.WriteAllTextAsync(Path.Combine(_spoolDirectory, "000000000099.json.tmp"), "[{half");

        var reopened = new ResultSpool(_spoolDirectory);
        await reopened.AppendAsync(Results("c", 1), default);

        var segments = reopened.Segments();
        Assert.Equal(3, segments.Count);
        Assert.Contains("\"id\":\"a-0\"", await File.ReadAllTextAsync(segments[0]), StringComparison.Ordinal);
        Assert.Contains("\"id\":\"c-0\"", await File.ReadAllTextAsync(segments[2]), StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFiles(_spoolDirectory, "*.tmp"));
        Assert.True(ResultBatchDecoder.TryDecode(await File.ReadAllBytesAsync(segments[1]), out var decoded, out var error), error);
        Assert.Equal(["b-0", "b-1"], decoded.Select(r => r.Id));
    }

    [Fact]
    public async Task Drain_CollectorDownThenUp_EverythingArrivesExactlyOnce()
    {
        var port = FreePort();
        var spool = new ResultSpool(_spoolDirectory);
        await spool.AppendAsync(Results("x", 50), default);
        await spool.AppendAsync(Results("y", 50), default);
        var shipper = new ResultShipper(spool, new Uri($"http://127.0.0.1:{port}"), Token, _http);

        Assert.False(await Draining.UntilAsync(shipper.DrainAsync, () => shipper.LastError is not null));
        Assert.Equal(2, spool.Segments().Count);
        Assert.Contains("collector unreachable", shipper.LastError, StringComparison.Ordinal);

        var store = new MemoryResultStore();
        await using var collector = await StartCollectorAsync(port, store);
        // A lost acknowledgement: the same results spooled again must not be stored twice.
        await spool.AppendAsync(Results("x", 50), default);
        using var budget = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        Assert.True(await shipper.DrainAsync(budget.Token));

        Assert.Empty(spool.Segments());
        Assert.Equal(100, await store.CountAsync(default));
        Assert.Null(shipper.LastError);
    }

    [Fact]
    public async Task Drain_WrongTokenThenMalformedSegment_KeepsTheFirstAndSetsTheSecondAside()
    {
        var port = FreePort();
        var store = new MemoryResultStore();
        await using var collector = await StartCollectorAsync(port, store);
        var spool = new ResultSpool(_spoolDirectory);
        await spool.AppendAsync(Results("z", 1), default);
        var wrong = new ResultShipper(spool, new Uri($"http://127.0.0.1:{port}"), "not-the-token", _http);

        Assert.False(await Draining.UntilAsync(wrong.DrainAsync, () => wrong.LastError is not null));
        Assert.Single(spool.Segments());
        Assert.StartsWith("collector answered 401", wrong.LastError, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-token", wrong.LastError, StringComparison.Ordinal);

        File.WriteAllText(spool.Segments()[0], "[{\"id\":\"broken\"}]");
        var right = new ResultShipper(spool, new Uri($"http://127.0.0.1:{port}"), Token, _http);
        Assert.True(await right.DrainAsync(CancellationToken.None));
        Assert.Empty(spool.Segments());
        Assert.Single(Directory.EnumerateFiles(spool.RejectedDirectory));
        Assert.Equal(0, await store.CountAsync(default));
    }

    internal static IReadOnlyList<ProbeResult> Results(string prefix, int count) =>
        Enumerable.Range(0, count).Select(i => new ProbeResult
        {
            Id = $"{prefix}-{i}",
            RunId = "20261129T000000Z-ship",
            Kind = RunKind.Scheduled,
            Operation = ProbeOperation.Read,
            Rse = "LAKE-A",
            Site = "LOCAL-1",
            Protocol = "root",
            StartedAt = DateTimeOffset.UnixEpoch.AddDays(20000).AddSeconds(i),
            Duration = TimeSpan.FromMilliseconds(i),
            Status = ProbeStatus.Ok,
        }).ToList();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<WebApplication> StartCollectorAsync(int port, MemoryResultStore store)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        app.MapLakemonIngest(new IngestOptions(Token, store));
        await app.StartAsync();
        return app;
    }
}
