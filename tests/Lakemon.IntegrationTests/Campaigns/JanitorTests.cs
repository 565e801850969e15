using System.Diagnostics;
using System.Text.Json;
using Lakemon.IntegrationTests.Storage.XRootD;
using Lakemon.IntegrationTests.Support;
using Lakemon.Probes.Campaigns;
using Lakemon.Probes.Configuration;
using Lakemon.Probes.Results;
using Lakemon.Probes.Storage;
using Lakemon.Probes.Storage.XRootD;
using static Lakemon.IntegrationTests.Support.ProcessRunner;

namespace Lakemon.IntegrationTests.Campaigns;

/// <summary>
/// <see cref="ProbeJanitor"/> and `lakemon janitor` on private lakes: what a killed campaign leaves behind is written
/// with lakemon's own client and the probe naming of <see cref="ProbePaths"/>, and the outcome is read off the
/// servers' data directories on disk, not through the protocol under test.
/// </summary>
public sealed class JanitorTests
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);
    private static readonly DateTimeOffset Old = DateTimeOffset.UtcNow.AddDays(-2);
    private static readonly DateTimeOffset Young = DateTimeOffset.UtcNow.AddMinutes(-5);

    /// <summary>Outside lakemon-probes: a probe-stamped file at the prefix and a run-like directory elsewhere.</summary>
    private static readonly string[] Outside =
    [
        $"{Stamp(Old)}-not-a-probe.bin",
        "elsewhere/",
        $"elsewhere/{Stamp(Old)}-aaaaaa/",
        $"elsewhere/{Stamp(Old)}-aaaaaa/x.bin",
    ];

    private readonly XRootDClient _writer = new(StorageCredentials.None);

    [Fact]
    public async Task CleanAsync_OnTwoRsesOverRootAndHttps_RemovesExactlyTheExpiredProbeEntries()
    {
        await using var lake = await RunningLake.StartAsync(2, "janitor");
        var layouts = new List<Layout>();
        foreach (var rse in lake.Rses)
        {
            layouts.Add(await WriteLeftoversAsync(rse));
        }
        // LAKE-B without its root door: the janitor has to take https there.
        var options = LakeCampaign.Options(lake);
        options = options with { Rses = [options.Rses[0], options.Rses[1] with { Protocols = [.. options.Rses[1].Protocols.Where(p => p.Scheme != ProtocolSchemes.Root)] }] };

        var report = await new ProbeJanitor(options, TimeProvider.System).CleanAsync(Lifetime, CancellationToken.None);

        Assert.True(report.AllCleaned, string.Join("\n", report.Rses.SelectMany(r => r.Failures)));
        Assert.Equal(["root", "https"], report.Rses.Select(r => r.Protocol));
        for (var i = 0; i < lake.Rses.Count; i++)
        {
            Assert.Equal(layouts[i].Remaining, OnDisk(lake.Rses[i]));
            Assert.Equal((4, 5, 1024L + 10 + 5 + 7), (report.Rses[i].FilesRemoved, report.Rses[i].DirectoriesRemoved, report.Rses[i].BytesRemoved));
        }
    }

    [Fact]
    public async Task CleanAsync_WithOneServerKilled_ReportsThatRseAsConnectFailureAndCleansTheOther()
    {
        await using var lake = await RunningLake.StartAsync(2, "janitor-dead");
        var alive = await WriteLeftoversAsync(lake.Rses[0]);
        var dead = await WriteLeftoversAsync(lake.Rses[1]);
        var before = OnDisk(lake.Rses[1]);
        using (var server = Process.GetProcessById(lake.Rses[1].Pid!.Value))
        {
            server.Kill();
            await server.WaitForExitAsync();
        }

        var report = await new ProbeJanitor(LakeCampaign.Options(lake), TimeProvider.System).CleanAsync(Lifetime, CancellationToken.None);

        Assert.True(report.Rses[0].Cleaned, string.Join("\n", report.Rses[0].Failures));
        Assert.Equal(alive.Remaining, OnDisk(lake.Rses[0]));
        var failure = Assert.Single(report.Rses[1].Failures);
        Assert.Equal(("list", FailureKind.Connect), (failure.Operation, failure.Kind));
        Assert.EndsWith("/lakemon-probes", failure.Url.OriginalString, StringComparison.Ordinal);
        Assert.False(report.AllCleaned);
        Assert.Equal(before, OnDisk(lake.Rses[1]));
        Assert.True(before.Count > dead.Remaining.Count, "the dead RSE had expired entries to keep");
    }

    [Fact]
    public async Task CleanAsync_WhenTheServerNeverAnswers_ReportsTimeoutAfterTheProbeBudget()
    {
        await using var server = new FakeXRootDServer(async (conversation, token) =>
        {
            await conversation.LoginAsync(token);
            await Task.Delay(Timeout.Infinite, token);
        });
        var options = FakeOptions(server, maxConcurrentProbes: 1) with { Probes = ProbeOptions.Default with { Timeout = TimeSpan.FromMilliseconds(300) } };
        var clock = Stopwatch.StartNew();

        var report = await new ProbeJanitor(options, TimeProvider.System).CleanAsync(Lifetime, CancellationToken.None);

        var failure = Assert.Single(Assert.Single(report.Rses).Failures);
        Assert.Equal(FailureKind.Timeout, failure.Kind);
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task CleanAsync_WithManyExpiredFiles_KeepsToTheRsesConcurrencyCap()
    {
        const int files = 12;
        var inFlight = 0;
        var most = 0;
        var removed = 0;
        await using var server = new FakeXRootDServer(async (conversation, token) =>
        {
            await conversation.LoginAsync(token);
            var request = await conversation.ReadRequestAsync(token);
            if (request.RequestId == 3004)
            {
                var old = Old.ToUnixTimeSeconds();
                var listing = ".\n0 0 0 0" + string.Concat(Enumerable.Range(0, files).Select(i => $"\nfile-{i}.bin\n0 100 0 {old}"));
                await conversation.SendAsync(request.StreamId, 0, System.Text.Encoding.ASCII.GetBytes(listing + "\0"), token);
            }
            else
            {
                var now = Interlocked.Increment(ref inFlight);
                InterlockedMax(ref most, now);
                await Task.Delay(100, token);
                Interlocked.Decrement(ref inFlight);
                Interlocked.Increment(ref removed);
                await conversation.SendAsync(request.StreamId, 0, [], token);
            }
            await conversation.ReadExactlyAsync(1, token);
        });

        var report = await new ProbeJanitor(FakeOptions(server, maxConcurrentProbes: 3), TimeProvider.System).CleanAsync(Lifetime, CancellationToken.None);

        Assert.True(report.AllCleaned, string.Join("\n", report.Rses[0].Failures));
        Assert.Equal((files, files * 100L), (report.Rses[0].FilesRemoved, report.Rses[0].BytesRemoved));
        Assert.Equal(files, removed);
        Assert.Equal(3, most);
    }

    [Fact]
    public async Task JanitorCommand_WithZeroLifetimeOnTheLakeConfig_EmptiesTheProbeAreasExitsZeroAndPrintsTheReport()
    {
        await using var lake = await RunningLake.StartAsync(2, "janitor-cli");
        foreach (var rse in lake.Rses)
        {
            await WriteLeftoversAsync(rse);
        }

        var result = await LakemonAsync("janitor", "--older-than", "0s", "--config", Path.Combine(lake.Directory, "lakemon.yaml"), "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.StandardOutput);
        Assert.True(json.RootElement.GetProperty("cleaned").GetBoolean());
        Assert.Equal(0, json.RootElement.GetProperty("older_than_seconds").GetDouble());
        var rses = json.RootElement.GetProperty("rses").EnumerateArray().ToList();
        Assert.Equal(["LAKE-A", "LAKE-B"], rses.Select(r => r.GetProperty("rse").GetString()));
        foreach (var (rse, i) in rses.Select((r, i) => (r, i)))
        {
            Assert.Equal("root", rse.GetProperty("protocol").GetString());
            Assert.Equal(5, rse.GetProperty("files_removed").GetInt32());
            Assert.Equal(7, rse.GetProperty("directories_removed").GetInt32());
            Assert.Equal(1024 + 10 + 5 + 7 + 9, rse.GetProperty("bytes_removed").GetInt64());
            Assert.Empty(rse.GetProperty("failures").EnumerateArray());
            Assert.Equal(Outside.Concat(["lakemon-probes/"]).Order(StringComparer.Ordinal), OnDisk(lake.Rses[i]));
        }
        Assert.Matches(@"LAKE-A\s+root\s+cleaned: 5 files, 7 directories", result.StandardError);
    }

    [Fact]
    public async Task JanitorCommand_WithADeadRse_ExitsOneAndNamesTheFailureKind()
    {
        await using var lake = await RunningLake.StartAsync(1, "janitor-cli-dead");
        var config = Path.Combine(lake.Directory, "lakemon.yaml");
        var text = await File.ReadAllTextAsync(config);
        text = text.Replace("rses:\n", $"rses:\n  - name: DEAD-1\n    site: LOCAL-1\n    protocols:\n      - scheme: root\n        prefix: root://127.0.0.1:{ClosedPort()}//lake\n", StringComparison.Ordinal);
        await File.WriteAllTextAsync(config, text);

        var result = await LakemonAsync("janitor", "--config", config, "--json");

        Assert.True(result.ExitCode == 1, result.ToString());
        using var json = JsonDocument.Parse(result.StandardOutput);
        var dead = json.RootElement.GetProperty("rses")[0];
        Assert.Equal("DEAD-1", dead.GetProperty("rse").GetString());
        Assert.Equal("connect", dead.GetProperty("failures")[0].GetProperty("failure_kind").GetString());
        Assert.True(json.RootElement.GetProperty("rses")[1].GetProperty("cleaned").GetBoolean());
        Assert.Matches(@"DEAD-1\s+root\s+FAILED \(connect\)", result.StandardError);
    }

    /// <summary>What a SIGKILLed campaign and its neighbours leave on one RSE, and what must remain after a sweep
    /// with a one-hour lifetime (paths under the RSE's prefix, directories with a trailing slash).</summary>
    private sealed record Layout(IReadOnlyList<string> Remaining);

    private async Task<Layout> WriteLeftoversAsync(LakeRse rse)
    {
        var prefix = new Uri(rse.Root(""));
        var oldRun = ProbePaths.NewRunId(Old);
        var otherOldRun = ProbePaths.NewRunId(Old);
        var youngRun = ProbePaths.NewRunId(Young);
        var youngFile = ProbePaths.NewFile(prefix, youngRun, "storage", "https-9", Young);
        await WriteAsync(ProbePaths.NewFile(prefix, oldRun, "storage", "root-1024", Old), 1024);
        await WriteAsync(ProbePaths.NewFile(prefix, oldRun, "storage/deep", "root-10", Old), 10);
        await WriteAsync(ProbePaths.NewFile(prefix, otherOldRun, "tpc", "root-5", Old), 5);
        await WriteAsync(ProbePaths.NewFile(prefix, youngRun, "storage", "https-7", Old), 7);
        await WriteAsync(youngFile, 9);
        foreach (var file in Outside.Where(p => !p.EndsWith('/')))
        {
            await WriteAsync(new Uri(rse.Root("/" + file)), 3);
        }
        var young = $"{ProbePaths.Directory}/{youngRun}/";
        return new Layout([.. Outside.Concat([$"{ProbePaths.Directory}/", young, young + "storage/", young + "storage/" + youngFile.Segments[^1]]).Order(StringComparer.Ordinal)]);
    }

    private async Task WriteAsync(Uri url, int size) =>
        await _writer.UploadAsync(url, new MemoryStream(new byte[size]), new PhaseRecorder(), CancellationToken.None);

    /// <summary>What the server holds under the RSE's prefix, read from its data directory.</summary>
    private static List<string> OnDisk(LakeRse rse)
    {
        var root = rse.OnDisk("");
        return [.. Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(root, p) + (Directory.Exists(p) ? "/" : ""))
            .Order(StringComparer.Ordinal)];
    }

    private static LakemonOptions FakeOptions(FakeXRootDServer server, int maxConcurrentProbes) => new(
        [new SiteOptions("FAKE", null)],
        [new RseOptions("FAKE-1", "FAKE", true, [new ProtocolOptions(ProtocolSchemes.Root, new Uri($"root://127.0.0.1:{server.Port}//lake"))], ChecksumAlgorithm.Adler32, [], maxConcurrentProbes, null)],
        new Dictionary<string, CredentialOptions>(),
        ProbeOptions.Default,
        ScheduleOptions.Default,
        SinkOptions.None);

    private static string Stamp(DateTimeOffset time) => ProbePaths.NewRunId(time)[..16];

    private static void InterlockedMax(ref int target, int value)
    {
        for (var seen = Volatile.Read(ref target); value > seen; seen = Volatile.Read(ref target))
        {
            if (Interlocked.CompareExchange(ref target, value, seen) == seen)
            {
                return;
            }
        }
    }

    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
