using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Lakemon.Probes.Results;

namespace Lakemon.Collector.Agent;

/// <summary>
/// The agent's on-disk buffer: each batch of results becomes one segment file holding exactly the JSON array the
/// ingest API takes, written to a temporary name, flushed to disk and renamed, so a segment is either whole or absent
/// after a crash. Segments are shipped oldest first and deleted only once the collector acknowledged them.
/// </summary>
public sealed class ResultSpool
{
    private const string Extension = ".json";
    private readonly string _directory;
    private long _sequence;

    public ResultSpool(string directory)
    {
        _directory = directory;
        Directory.CreateDirectory(directory);
        Directory.CreateDirectory(RejectedDirectory);
        // Continue numbering after what a previous run left, so order survives a restart.
        _sequence = Segments().Select(SequenceOf).DefaultIfEmpty(0).Max();
        foreach (var stale in Directory.EnumerateFiles(directory, "*.tmp"))
        {
            File.Delete(stale);
        }
    }

    /// <summary>Where segments the collector refused as malformed go: kept for a human, never resent.</summary>
    public string RejectedDirectory => Path.Combine(_directory, "rejected");

    public async Task AppendAsync(IReadOnlyList<ProbeResult> results, CancellationToken cancellationToken)
    {
        if (results.Count == 0)
        {
            return;
        }
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var result in results)
            {
                ProbeResultJson.Write(writer, result);
            }
            writer.WriteEndArray();
        }
        var sequence = Interlocked.Increment(ref _sequence);
        var final = Path.Combine(_directory, sequence.ToString("D12", CultureInfo.InvariantCulture) + Extension);
        var temporary = final + ".tmp";
        await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.WriteThrough))
        {
            await file.WriteAsync(buffer.WrittenMemory, cancellationToken);
            file.Flush(flushToDisk: true);
        }
        File.Move(temporary, final);
    }

    /// <summary>Segment files, oldest first.</summary>
    public IReadOnlyList<string> Segments() =>
        [.. Directory.EnumerateFiles(_directory, "*" + Extension).Order(StringComparer.Ordinal)];

    public void Acknowledge(string segment) => File.Delete(segment);

    public void Reject(string segment) => File.Move(segment, Path.Combine(RejectedDirectory, Path.GetFileName(segment)), overwrite: true);

    private static long SequenceOf(string path) =>
        long.TryParse(Path.GetFileNameWithoutExtension(path), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
}
