using System.Buffers;
using System.Net;
using Lakemon.Probes.Checksums;

namespace Lakemon.Probes.Storage.WebDav;

/// <summary>
/// A request body streamed from the caller's <see cref="Stream"/> in fixed-size chunks, never buffered whole, with the
/// adler32 and byte count of exactly what was handed to the connection, and the time spent sending it (the upload's
/// transfer phase). A seekable source is rewound if the handler must send the body again (a 307/308 redirect).
/// </summary>
internal sealed class Adler32StreamContent : HttpContent
{
    private const int ChunkSize = 256 * 1024;

    private readonly Stream _source;
    private readonly PhaseRecorder _phases;
    private readonly long _start;
    private Adler32 _adler = new();
    private int _sends;

    public Adler32StreamContent(Stream source, PhaseRecorder phases)
    {
        _source = source;
        _phases = phases;
        _start = source.CanSeek ? source.Position : -1;
        Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
    }

    public long Bytes { get; private set; }

    public string Adler32 => _adler.Hex;

    public TimeSpan Elapsed { get; private set; }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        if (_sends++ > 0)
        {
            if (_start < 0)
            {
                throw new InvalidOperationException("the upload source cannot be sent twice: it is not seekable");
            }
            _source.Position = _start;
            _adler = new Adler32();
            Bytes = 0;
        }
        var started = HttpExchangeTiming.Now;
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            int read;
            while ((read = await _source.ReadAsync(buffer.AsMemory(0, ChunkSize), cancellationToken)) > 0)
            {
                _adler.Append(buffer.AsSpan(0, read));
                await stream.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                Bytes += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            var elapsed = HttpExchangeTiming.Since(started);
            Elapsed += elapsed;
            _phases.Add(PhaseNames.Transfer, elapsed);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _start < 0 ? 0 : Math.Max(0, _source.Length - _start);
        return _start >= 0;
    }
}
