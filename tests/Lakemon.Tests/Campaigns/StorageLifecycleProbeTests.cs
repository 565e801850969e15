using Lakemon.Probes.Campaigns;
using Lakemon.Probes.Configuration;
using Lakemon.Probes.Results;
using Xunit;

namespace Lakemon.Tests.Campaigns;

/// <summary>The lifecycle on a real file:// door (the file client is a real storage client; the lake tests cover the
/// network protocols).</summary>
public sealed class StorageLifecycleProbeTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("lakemon-lifecycle-").FullName;

    public void Dispose()
    {
        foreach (var dir in Directory.EnumerateDirectories(_root, "*", SearchOption.AllDirectories))
        {
            File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task RunAsync_HealthyDoor_SixOkStepsInLifecycleOrderAndNoFileLeft()
    {
        var check = Check(_root, 100_000);

        var results = await RunAsync(check, Context());

        Assert.Equal(ProbeOperations.StorageLifecycle, results.Select(r => r.Operation));
        Assert.All(results, r =>
        {
            Assert.Equal(ProbeStatus.Ok, r.Status);
            Assert.Null(r.FailureKind);
            Assert.Equal("LAKE-00", r.Rse);
            Assert.Equal("SITE-00", r.Site);
            Assert.Equal("file", r.Protocol);
            Assert.Equal(100_000, r.SizeBytes);
            Assert.Equal("20261129T000000Z-unit", r.RunId);
        });
        var upload = results[0];
        var checksum = results[2];
        var read = results[3];
        Assert.Equal(100_000, upload.Bytes);
        Assert.True(upload.ThroughputBytesPerSecond > 0);
        Assert.Equal(checksum.ChecksumExpected, checksum.ChecksumActual);
        Assert.Equal(upload.ChecksumActual, read.ChecksumActual);
        Assert.Matches("^[0-9a-f]{8}$", read.ChecksumActual!);
        Assert.Equal(results.Count, results.Select(r => r.Id).Distinct().Count());
        Assert.Empty(Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task RunAsync_UploadRefused_UploadCriticalAndEveryLaterStepUnknownPrerequisiteFailed()
    {
        var locked = Directory.CreateDirectory(Path.Combine(_root, "locked")).FullName;
        Directory.CreateDirectory(Path.Combine(locked, ProbePaths.Directory));
        File.SetUnixFileMode(locked, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        File.SetUnixFileMode(Path.Combine(locked, ProbePaths.Directory), UnixFileMode.UserRead | UnixFileMode.UserExecute);
        if (Environment.UserName == "root")
        {
            // root ignores permission bits; a regular file where the run directory should be refuses just as well.
            File.SetUnixFileMode(Path.Combine(locked, ProbePaths.Directory), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            await File.WriteAllTextAsync(Path.Combine(locked, ProbePaths.Directory, "20261129T000000Z-unit"), "in the way");
        }

        var results = await RunAsync(Check(locked, 1024), Context());

        Assert.Equal(ProbeStatus.Critical, results[0].Status);
        Assert.NotNull(results[0].FailureKind);
        Assert.All(results.Skip(1), r =>
        {
            Assert.Equal(ProbeStatus.Unknown, r.Status);
            Assert.Equal(FailureKind.PrerequisiteFailed, r.FailureKind);
            Assert.Equal("not run: upload failed", r.Message);
        });
        Assert.Equal(6, results.Count);
    }

    [Fact]
    public async Task RunAsync_ReplicaCorruptedAfterUpload_ChecksumMismatchAndTheFileIsStillRemoved()
    {
        var hooks = new CorruptAfterUpload();

        var results = await RunAsync(Check(_root, 4096), Context() with { Hooks = hooks });

        Assert.True(hooks.Corrupted);
        Assert.Equal(ProbeStatus.Ok, results[0].Status);
        Assert.Equal(ProbeStatus.Ok, results[1].Status);
        var checksum = results[2];
        Assert.Equal(ProbeStatus.Critical, checksum.Status);
        Assert.Equal(FailureKind.ChecksumMismatch, checksum.FailureKind);
        Assert.NotEqual(checksum.ChecksumExpected, checksum.ChecksumActual);
        Assert.All(results.Skip(3), r => Assert.Equal(FailureKind.PrerequisiteFailed, r.FailureKind));
        Assert.Empty(Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task RunAsync_SlowerThanTheWarnThreshold_WarningWithoutAFailureKind()
    {
        var options = TestConfigs.Lake(1, ["file"]).Probes with { };
        var modules = new Dictionary<ProbeOperation, ProbeModuleOptions> { [ProbeOperation.Upload] = new(TimeSpan.FromSeconds(5), TimeSpan.FromTicks(1), 0) };
        var context = Context() with { Options = options with { Modules = modules } };

        var results = await RunAsync(Check(_root, 1024), context);

        Assert.Equal(ProbeStatus.Warning, results[0].Status);
        Assert.Null(results[0].FailureKind);
        Assert.Contains("warning threshold", results[0].Message, StringComparison.Ordinal);
        Assert.All(results.Skip(1), r => Assert.Equal(ProbeStatus.Ok, r.Status));
    }

    private static ProbeContext Context() => new("20261129T000000Z-unit", RunKind.Nightly, TestConfigs.Lake(1, ["file"]).Probes);

    private static StorageCheck Check(string directory, long size)
    {
        var rse = TestConfigs.Rse(0, ["file"]) with { Protocols = [new ProtocolOptions("file", new Uri(directory))] };
        return new StorageCheck(rse, rse.Protocols[0], size, ProbeOperations.StorageLifecycle);
    }

    private static async Task<List<ProbeResult>> RunAsync(StorageCheck check, ProbeContext context)
    {
        var results = new List<ProbeResult>();
        await new StorageLifecycleProbe().RunAsync(check, context, r =>
        {
            results.Add(r);
            return ValueTask.CompletedTask;
        }, CancellationToken.None);
        return results;
    }

    private sealed class CorruptAfterUpload : IProbeHooks
    {
        public bool Corrupted { get; private set; }

        public async ValueTask AfterStepAsync(PlannedCheck check, ProbeOperation operation, Uri file, CancellationToken cancellationToken)
        {
            if (operation == ProbeOperation.Upload)
            {
                await using var stream = new FileStream(file.LocalPath, FileMode.Open, FileAccess.ReadWrite);
                var first = stream.ReadByte();
                stream.Position = 0;
                stream.WriteByte((byte)(first ^ 0xff));
                Corrupted = true;
            }
        }
    }
}
