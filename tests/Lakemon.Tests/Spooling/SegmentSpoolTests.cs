using Lakemon.Collector.Spooling;
using Microsoft.Extensions.Logging;

namespace Lakemon.Tests.Spooling;

public sealed class SegmentSpoolTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("lakemon-segments-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Append_PastTheBound_DropsTheOldestSegmentsAndSaysSo()
    {
        var logger = new RecordingLogger();
        var spool = new SegmentSpool(_directory, ".lp", maxBytes: 250, logger);
        spool.Append(Bytes('a', 100));
        spool.Append(Bytes('b', 100));
        Assert.Empty(logger.Lines);

        spool.Append(Bytes('c', 100));

        var segments = spool.Segments();
        Assert.Equal(["b", "c"], segments.Select(s => File.ReadAllText(s)[..1]));
        Assert.Equal(200, spool.Bytes);
        var (level, message) = Assert.Single(logger.Lines);
        Assert.Equal(LogLevel.Error, level);
        Assert.Contains("is full (200 bytes waiting, bound 250): dropped the 1 oldest segments (100 bytes), their data is lost", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reopen_WithSegmentsAndAStaleTemporaryFile_CountsTheSegmentsAndDropsTheTemporary()
    {
        var first = new SegmentSpool(_directory, ".lp");
        first.Append(Bytes('a', 10));
        first.Append(Bytes('b', 20));
        File.WriteAllText(Path.Combine(_directory, "000000000007.lp.tmp"), "half");

        var reopened = new SegmentSpool(_directory, ".lp");
        reopened.Append(Bytes('c', 30));

        Assert.Equal(60, reopened.Bytes);
        Assert.Equal(["a", "b", "c"], reopened.Segments().Select(s => File.ReadAllText(s)[..1]));
        Assert.Empty(Directory.EnumerateFiles(_directory, "*.tmp"));
    }

    [Fact]
    public void AcknowledgeAndReject_Segments_LeaveTheCountAndRejectedKeepsTheFile()
    {
        var spool = new SegmentSpool(_directory, ".lp");
        spool.Append(Bytes('a', 10));
        spool.Append(Bytes('b', 20));
        var segments = spool.Segments();

        spool.Acknowledge(segments[0]);
        spool.Reject(segments[1]);
        // Dropped or acknowledged already: no error, and the count does not go below what is there.
        spool.Acknowledge(segments[0]);

        Assert.Empty(spool.Segments());
        Assert.Equal(0, spool.Bytes);
        Assert.Equal(Path.GetFileName(segments[1]), Path.GetFileName(Assert.Single(Directory.GetFiles(spool.RejectedDirectory))));
    }

    private static byte[] Bytes(char fill, int count) => [.. Enumerable.Repeat((byte)fill, count)];
}
