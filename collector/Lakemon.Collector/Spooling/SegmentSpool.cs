using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Lakemon.Collector.Spooling;

/// <summary>
/// A directory of numbered segment files in front of a receiver that may be away (the agent's collector, an InfluxDB
/// sink). A segment is written to a temporary name, flushed to disk and renamed, so after a crash it is either whole or
/// absent; segments are handed out oldest first and deleted only once the receiver acknowledged them. With a size bound
/// the oldest segments give way to new ones: when the receiver stays away longer than the disk allows, losing the oldest
/// data is the lesser harm, and it is logged as an error rather than happening silently.
/// </summary>
public sealed class SegmentSpool
{
    private const string TemporarySuffix = ".tmp";
    private readonly string _directory;
    private readonly string _extension;
    private readonly ILogger? _logger;
    private readonly Lock _gate = new();
    private long _sequence;
    private long _bytes;

    /// <param name="directory">Created when missing; segments a previous process left are kept and sent first.</param>
    /// <param name="extension">Of segment files, with the dot (".json", ".lp"): tells a human what a segment holds.</param>
    /// <param name="maxBytes">Bound on the segments waiting to be sent; <see cref="long.MaxValue"/> for none.</param>
    /// <param name="logger">Hears of dropped segments; without one they are dropped all the same.</param>
    public SegmentSpool(string directory, string extension, long maxBytes = long.MaxValue, ILogger? logger = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        _directory = directory;
        _extension = extension;
        MaxBytes = maxBytes;
        _logger = logger;
        Directory.CreateDirectory(directory);
        Directory.CreateDirectory(RejectedDirectory);
        // A temporary file is a segment whose writer died before the rename: never acknowledged to anyone, so dropped.
        foreach (var stale in Directory.EnumerateFiles(directory, "*" + TemporarySuffix))
        {
            File.Delete(stale);
        }
        var segments = Segments();
        // Continue numbering after what a previous run left, so order survives a restart.
        _sequence = segments.Select(SequenceOf).DefaultIfEmpty(0).Max();
        _bytes = segments.Sum(segment => new FileInfo(segment).Length);
    }

    /// <summary>Where segments the receiver refused as malformed go: kept for a human, never resent.</summary>
    public string RejectedDirectory => Path.Combine(_directory, "rejected");

    public long MaxBytes { get; }

    /// <summary>Bytes in segments waiting to be sent.</summary>
    public long Bytes
    {
        get
        {
            lock (_gate)
            {
                return _bytes;
            }
        }
    }

    /// <summary>Writes one segment durably; when the bound would be passed, the oldest segments are dropped first.</summary>
    public void Append(ReadOnlySpan<byte> content)
    {
        if (content.IsEmpty)
        {
            return;
        }
        lock (_gate)
        {
            MakeRoom(content.Length);
            var final = Path.Combine(_directory, (++_sequence).ToString("D12", CultureInfo.InvariantCulture) + _extension);
            var temporary = final + TemporarySuffix;
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.WriteThrough))
            {
                file.Write(content);
                file.Flush(flushToDisk: true);
            }
            File.Move(temporary, final);
            _bytes += content.Length;
        }
    }

    /// <summary>Segment files, oldest first.</summary>
    public IReadOnlyList<string> Segments() =>
        [.. Directory.EnumerateFiles(_directory, "*" + _extension).Order(StringComparer.Ordinal)];

    /// <summary>The receiver has it: the segment goes. A segment already dropped for room is no error.</summary>
    public void Acknowledge(string segment)
    {
        lock (_gate)
        {
            var file = new FileInfo(segment);
            if (file.Exists)
            {
                _bytes -= file.Length;
                file.Delete();
            }
        }
    }

    /// <summary>The receiver will never take it: the segment moves to <see cref="RejectedDirectory"/>.</summary>
    public void Reject(string segment)
    {
        lock (_gate)
        {
            var file = new FileInfo(segment);
            if (file.Exists)
            {
                _bytes -= file.Length;
                file.MoveTo(Path.Combine(RejectedDirectory, file.Name), overwrite: true);
            }
        }
    }

    private void MakeRoom(long incoming)
    {
        if (_bytes + incoming <= MaxBytes)
        {
            return;
        }
        var before = _bytes;
        var dropped = 0;
        foreach (var segment in Segments())
        {
            if (_bytes + incoming <= MaxBytes)
            {
                break;
            }
            var file = new FileInfo(segment);
            if (file.Exists)
            {
                _bytes -= file.Length;
                file.Delete();
                dropped++;
            }
        }
        _logger?.LogError(
            "spool {Directory} is full ({Bytes} bytes waiting, bound {MaxBytes}): dropped the {Dropped} oldest segments ({DroppedBytes} bytes), their data is lost; the receiver has been unreachable for too long",
            _directory, before, MaxBytes, dropped, before - _bytes);
    }

    private static long SequenceOf(string path) =>
        long.TryParse(Path.GetFileNameWithoutExtension(path), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
}
