using Lakemon.IntegrationTests.Support;
using Lakemon.Probes.Results;
using Xunit;
using Xunit.Abstractions;

namespace Lakemon.IntegrationTests.Campaigns;

/// <summary>A full disk: the RSE's exported directory on a 1 MiB tmpfs. Mounting needs root, which CI has.</summary>
public sealed class ProbeCampaignNoSpaceTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Campaign_DataDirOnTinyTmpfs_NoSpaceOnTheLargeUploadAndPrerequisiteFailedAfter()
    {
        if (Environment.UserName != "root")
        {
            output.WriteLine("not root: cannot mount a tmpfs; this test runs in CI (as root)");
            return;
        }
        await using var lake = await RunningLake.StartAsync(1, "nospace");
        var rse = lake.Rses[0];
        var exported = rse.OnDisk("");
        var owner = await ProcessRunner.RunCheckedAsync("stat", "-c", "%u:%g", exported);
        var ids = owner.Trim().Split(':');
        await ProcessRunner.RunCheckedAsync("mount", "-t", "tmpfs", "-o", $"size=1m,uid={ids[0]},gid={ids[1]},mode=0755", "tmpfs", exported);
        List<ProbeResult> results;
        try
        {
            // One check at a time: a half-written 2 MiB file must not steal the space of a concurrent 1 KiB one.
            var options = LakeCampaign.Options(lake, sizes: [1024, 2 * 1024 * 1024], perRseCap: 1);
            (_, _, results) = await LakeCampaign.RunAsync(options);
        }
        finally
        {
            await ProcessRunner.RunCheckedAsync("umount", exported);
        }

        output.WriteLine(LakeCampaign.Describe(results));
        Assert.Equal(2 * 2 * 6, results.Count);
        Assert.All(results.Where(r => r.SizeBytes == 1024), r => Assert.Equal(ProbeStatus.Ok, r.Status));
        foreach (var protocol in new[] { "root", "https" })
        {
            var large = results.Where(r => r.SizeBytes == 2 * 1024 * 1024 && r.Protocol == protocol).ToList();
            var upload = Assert.Single(large, r => r.Operation == ProbeOperation.Upload);
            Assert.True(upload.Status == ProbeStatus.Critical, LakeCampaign.Describe([upload]));
            if (protocol == "root")
            {
                Assert.True(upload.FailureKind == FailureKind.NoSpace, LakeCampaign.Describe([upload]));
            }
            else
            {
                // XRootD 5.5's HTTP door answers a PUT that hits ENOSPC by closing the connection without a status
                // (curl: "Empty reply from server"), and WebDAV on it has no quota properties (RFC 4331) to ask
                // afterwards: nothing on the wire says "no space", so lakemon does not claim it.
                Assert.NotNull(upload.FailureKind);
            }
            Assert.All(large.Where(r => r.Operation != ProbeOperation.Upload), r =>
            {
                Assert.Equal(ProbeStatus.Unknown, r.Status);
                Assert.Equal(FailureKind.PrerequisiteFailed, r.FailureKind);
            });
        }
    }
}
