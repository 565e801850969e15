using Lakemon.Probes.Campaigns;
using Lakemon.Probes.Configuration;
using Lakemon.Probes.Results;
using Microsoft.Extensions.Time.Testing;

namespace Lakemon.Tests.Campaigns;

/// <summary>The janitor's walk over file:// doors (local directories), where the outcome can be read straight off the
/// disk; the XRootD and WebDAV doors of the lake are covered by the integration tests.</summary>
public sealed class ProbeJanitorTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);
    private const string Old = "20261127T120000Z";
    private const string Young = "20261129T115500Z";

    private readonly string _root = Directory.CreateTempSubdirectory("lakemon-janitor-").FullName;
    private readonly FakeTimeProvider _time = new(Now);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task CleanAsync_WithAnHourLifetime_RemovesOldRunsAndOldStampedFilesAndKeepsTheRest()
    {
        var door = Door("a");
        Write("a/lakemon-probes/" + Old + "-aaaaaa/storage/" + Old + "-root-1024-00000001.bin", 1024);
        Write("a/lakemon-probes/" + Old + "-aaaaaa/storage/deeper/unstamped.bin", 10);
        Write("a/lakemon-probes/" + Old + "-bbbbbb/tpc/" + Old + "-root-5-00000002.bin", 5);
        Write("a/lakemon-probes/" + Young + "-cccccc/storage/" + Old + "-https-7-00000003.bin", 7);
        Write("a/lakemon-probes/" + Young + "-cccccc/storage/" + Young + "-https-9-00000004.bin", 9);
        Write("a/lakemon-probes/" + Young + "-cccccc/storage/notes.txt", 3);
        Write("a/lakemon-probes/" + Old + "-stray-file.bin", 11);
        Write("a/" + Old + "-outside-the-area.bin", 13);

        var report = await Janitor(Rse("A", door)).CleanAsync(TimeSpan.FromHours(1), CancellationToken.None);

        Assert.Equal(
        [
            "a/" + Old + "-outside-the-area.bin",
            "a/lakemon-probes/",
            "a/lakemon-probes/" + Young + "-cccccc/",
            "a/lakemon-probes/" + Young + "-cccccc/storage/",
            "a/lakemon-probes/" + Young + "-cccccc/storage/" + Young + "-https-9-00000004.bin",
            "a/lakemon-probes/" + Young + "-cccccc/storage/notes.txt",
        ], Remaining());
        var rse = Assert.Single(report.Rses);
        Assert.True(rse.Cleaned);
        Assert.Equal(("A", "file"), (rse.Rse, rse.Protocol));
        Assert.Equal(5, rse.FilesRemoved);
        Assert.Equal(1024 + 10 + 5 + 7 + 11, rse.BytesRemoved);
        Assert.Equal(5, rse.DirectoriesRemoved);
        Assert.Equal(Now, report.Now);
    }

    [Fact]
    public async Task CleanAsync_WithZeroLifetime_EmptiesTheProbeAreaAndKeepsTheAreaAndEverythingOutside()
    {
        Write("a/lakemon-probes/" + Young + "-cccccc/storage/" + Young + "-root-1-00000001.bin", 1);
        Write("a/lakemon-probes/not-a-run/whatever.txt", 1);
        Write("a/outside.bin", 1);

        var report = await Janitor(Rse("A", Door("a"))).CleanAsync(TimeSpan.Zero, CancellationToken.None);

        Assert.Equal(["a/lakemon-probes/", "a/outside.bin"], Remaining());
        Assert.True(report.AllCleaned);
        Assert.Equal(2, report.Rses[0].FilesRemoved);
    }

    [Fact]
    public async Task CleanAsync_WhereNoProbeEverWrote_IsCleanWithNothingRemoved()
    {
        Directory.CreateDirectory(Path.Combine(_root, "a"));

        var report = await Janitor(Rse("A", Door("a"))).CleanAsync(TimeSpan.Zero, CancellationToken.None);

        var rse = Assert.Single(report.Rses);
        Assert.True(rse.Cleaned);
        Assert.Equal((0, 0, 0L), (rse.FilesRemoved, rse.DirectoriesRemoved, rse.BytesRemoved));
    }

    [Fact]
    public async Task CleanAsync_WithAnEntryNameThatCannotBeAddressedSafely_ReportsItAndCleansTheRest()
    {
        Write("a/lakemon-probes/" + Old + "-aaaaaa/50%-done.bin", 1);
        Write("a/lakemon-probes/" + Old + "-aaaaaa/fine.bin", 1);
        Write("a/lakemon-probes/" + Old + "-bbbbbb/fine.bin", 1);

        var report = await Janitor(Rse("A", Door("a"))).CleanAsync(TimeSpan.FromHours(1), CancellationToken.None);

        Assert.Equal(["a/lakemon-probes/", "a/lakemon-probes/" + Old + "-aaaaaa/", "a/lakemon-probes/" + Old + "-aaaaaa/50%-done.bin"], Remaining());
        var failure = Assert.Single(report.Rses[0].Failures);
        Assert.Equal(FailureKind.ProbeError, failure.Kind);
        Assert.Contains("50%-done.bin", failure.Message, StringComparison.Ordinal);
        Assert.False(report.AllCleaned);
        Assert.Equal((2, 1), (report.Rses[0].FilesRemoved, report.Rses[0].DirectoriesRemoved));
    }

    [Fact]
    public async Task CleanAsync_OverSeveralRses_ReportsEachEnabledOneInConfigurationOrder()
    {
        Write("a/lakemon-probes/" + Old + "-aaaaaa/x.bin", 1);
        Write("b/lakemon-probes/" + Old + "-bbbbbb/x.bin", 2);
        Write("c/lakemon-probes/" + Old + "-cccccc/x.bin", 3);
        var disabled = Rse("C", Door("c")) with { Enabled = false };
        var s3Only = Rse("S3", new ProtocolOptions(ProtocolSchemes.S3, new Uri("s3://bucket.example/probes")));

        var report = await Janitor(Rse("B", Door("b")), disabled, s3Only, Rse("A", Door("a"))).CleanAsync(TimeSpan.FromHours(1), CancellationToken.None);

        Assert.Equal(["B", "S3", "A"], report.Rses.Select(r => r.Rse));
        Assert.Equal([2L, 0L, 1L], report.Rses.Select(r => r.BytesRemoved));
        Assert.Null(report.Rses[1].Protocol);
        Assert.True(report.AllCleaned);
        Assert.True(File.Exists(Path.Combine(_root, "c/lakemon-probes/" + Old + "-cccccc/x.bin")));
    }

    [Fact]
    public async Task CleanAsync_WithANegativeLifetime_IsRefused()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Janitor(Rse("A", Door("a"))).CleanAsync(TimeSpan.FromSeconds(-1), CancellationToken.None));
    }

    [Theory]
    [InlineData(new[] { "file", "https", "root" }, "root")]
    [InlineData(new[] { "file", "http", "davs" }, "davs")]
    [InlineData(new[] { "http", "https" }, "https")]
    [InlineData(new[] { "s3", "file" }, "file")]
    [InlineData(new[] { "roots", "root" }, "root")]
    [InlineData(new[] { "s3" }, null)]
    public void DoorFor_PrefersRootThenWebDavThenFile_AmongDoorsWithAClient(string[] schemes, string? expected)
    {
        Assert.Equal(expected, ProbeJanitor.DoorFor(TestConfigs.Rse(0, schemes))?.Scheme);
    }

    private ProbeJanitor Janitor(params RseOptions[] rses) => new(TestConfigs.Options(rses), _time);

    private static RseOptions Rse(string name, params ProtocolOptions[] doors) =>
        TestConfigs.Rse(0, [], maxPerRse: 2) with { Name = name, Protocols = doors };

    private ProtocolOptions Door(string directory) => new(ProtocolSchemes.File, new Uri("file://" + Path.Combine(_root, directory)));

    private void Write(string relative, int size)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, new byte[size]);
    }

    /// <summary>Everything left under the test root, relative, directories with a trailing slash, sorted.</summary>
    private List<string> Remaining() =>
        [.. Directory.EnumerateFileSystemEntries(_root, "*", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(_root, p).Replace('\\', '/') + (Directory.Exists(p) ? "/" : ""))
            .Where(p => p != "a/" && p != "b/" && p != "c/")
            .Order(StringComparer.Ordinal)];
}
