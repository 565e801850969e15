using System.Diagnostics;
using Lakemon.IntegrationTests.Support;
using Lakemon.Probes.Campaigns;
using Lakemon.Probes.Results;
using Xunit;

namespace Lakemon.IntegrationTests.Campaigns;

/// <summary>
/// Fault injection on private lakes: each fault must be classified exactly, on exactly the checks it touches, and
/// every other check of the campaign must stay OK.
/// </summary>
public sealed class ProbeCampaignFaultTests
{
    [Fact]
    public async Task Campaign_ServerKilled_ConnectOnThatRseAndItsLinksOthersOk()
    {
        await using var lake = await RunningLake.StartAsync(3, "killed");
        var victim = lake.Rses[1];
        using (var server = Process.GetProcessById(victim.Pid!.Value))
        {
            server.Kill();
            await server.WaitForExitAsync();
        }

        var (plan, _, results) = await LakeCampaign.RunAsync(LakeCampaign.Options(lake, sizes: [1024]));

        Assert.Equal(plan.ExpectedResults, results.Count);
        foreach (var result in results)
        {
            var touches = result.Rses.Contains(victim.Name);
            var expected = (touches, result.Operation) switch
            {
                (false, _) => (ProbeStatus.Ok, (FailureKind?)null),
                (true, ProbeOperation.Upload or ProbeOperation.Tpc) => (ProbeStatus.Critical, FailureKind.Connect),
                (true, _) => (ProbeStatus.Unknown, FailureKind.PrerequisiteFailed),
            };
            Assert.True(expected == (result.Status, result.FailureKind), $"{result.Target} {result.Operation.ToWire()}: {result.Status} {result.FailureKind} {result.Message}\n{LakeCampaign.Describe(results)}");
        }
        Assert.Empty(LakeCampaign.ProbeFilesOnDisk(lake));
    }

    [Fact]
    public async Task Campaign_ServerStopped_TimeoutWithinTheModuleBudget()
    {
        await using var lake = await RunningLake.StartAsync(2, "stopped");
        var victim = lake.Rses[0];
        var budget = TimeSpan.FromSeconds(1.5);
        await Signal("STOP", victim.Pid!.Value);
        List<ProbeResult> results;
        try
        {
            (_, _, results) = await LakeCampaign.RunAsync(LakeCampaign.Options(lake, sizes: [1024], timeout: budget));
        }
        finally
        {
            await Signal("CONT", victim.Pid!.Value);
        }

        var failed = results.Where(r => r.Status == ProbeStatus.Critical).ToList();
        // Every check on or through the stopped RSE fails at its first contact with it: its uploads, and every link.
        Assert.Equal(results.Count(r => r.Rses.Contains(victim.Name) && r.Operation is ProbeOperation.Upload or ProbeOperation.Tpc), failed.Count);
        Assert.All(failed, r =>
        {
            Assert.Equal(FailureKind.Timeout, r.FailureKind);
            Assert.Contains(victim.Name, r.Rses);
            // The storage step is the probe's first and only timed step: it ends with its budget, not later.
            if (r.Operation == ProbeOperation.Upload)
            {
                Assert.InRange(r.Duration, budget - TimeSpan.FromMilliseconds(50), budget + TimeSpan.FromSeconds(1));
            }
        });
        Assert.All(results.Where(r => !r.Rses.Contains(victim.Name)), r => Assert.Equal(ProbeStatus.Ok, r.Status));
        Assert.All(results.Where(r => r.Rse == victim.Name && r.Operation != ProbeOperation.Upload),
            r => Assert.Equal(FailureKind.PrerequisiteFailed, r.FailureKind));
    }

    [Fact]
    public async Task Campaign_ReplicaCorruptedOnDiskAfterUpload_ChecksumMismatchOnThatCheckOnly()
    {
        await using var lake = await RunningLake.StartAsync(2, "corrupt");
        var options = LakeCampaign.Options(lake);
        var hooks = new CorruptOnDisk(lake, "LAKE-A", "root", 1024 * 1024);

        var (plan, _, results) = await LakeCampaign.RunAsync(options, hooks: hooks);

        Assert.Equal(1, hooks.Corrupted);
        Assert.Equal(plan.ExpectedResults, results.Count);
        var victim = results.Where(r => r.Rse == "LAKE-A" && r.Protocol == "root" && r.SizeBytes == 1024 * 1024).ToList();
        var checksum = Assert.Single(victim, r => r.Operation == ProbeOperation.Checksum);
        Assert.Equal(ProbeStatus.Critical, checksum.Status);
        Assert.Equal(FailureKind.ChecksumMismatch, checksum.FailureKind);
        Assert.NotEqual(checksum.ChecksumExpected, checksum.ChecksumActual);
        Assert.All(victim.Where(r => r.Operation is ProbeOperation.Read or ProbeOperation.Delete or ProbeOperation.StatDeleted),
            r => Assert.Equal(FailureKind.PrerequisiteFailed, r.FailureKind));
        Assert.All(results.Except(victim), r => Assert.True(r.Status == ProbeStatus.Ok, LakeCampaign.Describe([r])));
        Assert.Empty(LakeCampaign.ProbeFilesOnDisk(lake));
    }

    [Fact]
    public async Task Campaign_ReadAfterCorruption_ChecksumMismatchOnRead()
    {
        await using var lake = await RunningLake.StartAsync(1, "corrupt-read");
        var options = LakeCampaign.Options(lake, sizes: [64 * 1024]);
        // Corrupt after the server's checksum was taken: only our own adler32 of the bytes read can notice.
        var hooks = new CorruptOnDisk(lake, "LAKE-A", "https", 64 * 1024, after: ProbeOperation.Checksum);

        var (_, _, results) = await LakeCampaign.RunAsync(options, hooks: hooks);

        var read = Assert.Single(results, r => r.Protocol == "https" && r.Operation == ProbeOperation.Read);
        Assert.Equal(ProbeStatus.Critical, read.Status);
        Assert.Equal(FailureKind.ChecksumMismatch, read.FailureKind);
        Assert.All(results.Where(r => r.Protocol == "root"), r => Assert.Equal(ProbeStatus.Ok, r.Status));
    }

    [Fact]
    public async Task Campaign_TpcDestinationRefusesWrites_TpcFailedOnThatLinkOnly()
    {
        await using var lake = await RunningLake.StartAsync(3, "refuse");
        var options = LakeCampaign.Options(lake, sizes: [1024]);
        var runId = ProbePaths.NewRunId(DateTimeOffset.UtcNow);
        // Writes into B's directory for copies from A are refused (owned by us, read-only: the server's user cannot write).
        var refused = lake.Rses[1].OnDisk($"/{ProbePaths.Directory}/{runId}/tpc-from-LAKE-A");
        Directory.CreateDirectory(refused);
        // Its parents stay writable for the server (the other checks of the run write there).
        foreach (var parent in new[] { Path.GetDirectoryName(refused)!, Path.GetDirectoryName(Path.GetDirectoryName(refused))! })
        {
            File.SetUnixFileMode(parent, (UnixFileMode)0b111_111_111);
        }
        File.SetUnixFileMode(refused, (UnixFileMode)0b101_101_101);
        List<ProbeResult> results;
        try
        {
            (_, _, results) = await LakeCampaign.RunAsync(options, runId: runId);
        }
        finally
        {
            File.SetUnixFileMode(refused, (UnixFileMode)0b111_101_101);
        }

        var link = results.Where(r => r.SrcRse == "LAKE-A" && r.DstRse == "LAKE-B").ToList();
        Assert.Equal(3, link.Count);
        Assert.All(link, r =>
        {
            Assert.True(r.Status == ProbeStatus.Critical && r.FailureKind == FailureKind.TpcFailed, LakeCampaign.Describe([r]));
        });
        Assert.All(results.Except(link), r => Assert.True(r.Status == ProbeStatus.Ok, LakeCampaign.Describe([r])));
    }

    private static async Task Signal(string signal, int pid)
    {
        var result = await ProcessRunner.RunAsync("kill", [$"-{signal}", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    /// <summary>Flips the first byte of one probe file in the server's data directory, right after a given step.</summary>
    private sealed class CorruptOnDisk(RunningLake lake, string rse, string scheme, long size, ProbeOperation after = ProbeOperation.Upload) : IProbeHooks
    {
        private int _corrupted;

        public int Corrupted => _corrupted;

        public async ValueTask AfterStepAsync(PlannedCheck check, ProbeOperation operation, Uri file, CancellationToken cancellationToken)
        {
            if (operation != after || check is not StorageCheck storage || storage.Rse.Name != rse || storage.Protocol.Scheme != scheme || storage.SizeBytes != size)
            {
                return;
            }
            var server = lake.Rses.Single(r => r.Name == rse);
            var relative = file.AbsolutePath.TrimStart('/');
            var prefix = server.Prefix.TrimStart('/');
            var onDisk = Path.Combine(server.DataDir, relative);
            Assert.StartsWith(prefix, relative, StringComparison.Ordinal);
            await using (var stream = new FileStream(onDisk, FileMode.Open, FileAccess.ReadWrite))
            {
                var first = stream.ReadByte();
                stream.Position = 0;
                stream.WriteByte((byte)(first ^ 0x5a));
            }
            Interlocked.Increment(ref _corrupted);
        }
    }
}
