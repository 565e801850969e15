using System.Buffers;
using System.Text.Json;
using Lakemon.Probes.Results;

namespace Lakemon.Collector.Store;

/// <summary>
/// The JSON forms of one batch of results, written back to back into pooled chunks and given back when the batch is
/// stored: a per-result string or array was the largest allocation of the ingest path, and at 10^5 results per second
/// their garbage collection cost more CPU than writing them. Not thread-safe; one per batch.
/// </summary>
internal sealed class JsonRows : IDisposable
{
    private const int ChunkBytes = 256 * 1024;

    private readonly ArrayBufferWriter<byte> _scratch = new(1024);
    private readonly Utf8JsonWriter _writer;
    private readonly List<byte[]> _chunks = [];
    private byte[]? _current;
    private int _used;

    public JsonRows() => _writer = new Utf8JsonWriter(_scratch, ProbeResultJson.WriterOptions);

    /// <summary>The JSON form of <paramref name="result"/>, valid until this is disposed.</summary>
    public ReadOnlyMemory<byte> Add(ProbeResult result)
    {
        _scratch.ResetWrittenCount();
        _writer.Reset(_scratch);
        ProbeResultJson.Write(_writer, result);
        _writer.Flush();
        var json = _scratch.WrittenSpan;
        if (json.Length > ChunkBytes)
        {
            // A result with a huge message: its own array, not a pooled one.
            return json.ToArray();
        }
        if (_current is null || _used + json.Length > _current.Length)
        {
            _current = ArrayPool<byte>.Shared.Rent(ChunkBytes);
            _chunks.Add(_current);
            _used = 0;
        }
        json.CopyTo(_current.AsSpan(_used));
        var row = _current.AsMemory(_used, json.Length);
        _used += json.Length;
        return row;
    }

    public void Dispose()
    {
        _writer.Dispose();
        foreach (var chunk in _chunks)
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
        _chunks.Clear();
        _current = null;
    }
}
