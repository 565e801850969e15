using System.Buffers.Binary;
using Lakemon.Probes.Results;
using static Lakemon.Probes.Storage.XRootD.XRootDProtocol;

namespace Lakemon.Probes.Storage.XRootD;

/// <summary>
/// Decodes server responses from a byte stream. Anything that is not a well-formed response — unknown status, negative
/// or oversized dlen, a stream that ends mid-message, an inconsistent kXR_attn — becomes
/// <see cref="StorageException"/> with <see cref="FailureKind.ProtocolError"/>. Bodies are allocated as their bytes
/// arrive, never up front from the announced length, so a lying dlen cannot make us allocate memory the peer did not
/// actually send.
/// </summary>
internal sealed class XRootDResponseReader
{
    /// <summary>Cap for responses that are not file data (stat text, listings, errors); xrootd's own limit for
    /// such answers is far below this.</summary>
    public const int DefaultMaxBodyLength = 64 * 1024 * 1024;

    private const int BufferSize = 64 * 1024;
    private const int GrowthStep = 1024 * 1024;

    private readonly Stream _stream;
    private readonly int _maxBodyLength;
    private readonly byte[] _buffer = new byte[BufferSize];
    private int _start;
    private int _end;

    public XRootDResponseReader(Stream stream, int maxBodyLength = DefaultMaxBodyLength)
    {
        _stream = stream;
        _maxBodyLength = maxBodyLength;
    }

    /// <summary>Bytes received but not consumed yet (must be zero before the socket switches to TLS).</summary>
    public int Buffered => _end - _start;

    public async ValueTask<XRootDResponseHeader> ReadHeaderAsync(CancellationToken cancellationToken)
    {
        await FillAsync(ResponseHeaderLength, cancellationToken);
        var span = _buffer.AsSpan(_start, ResponseHeaderLength);
        var header = new XRootDResponseHeader(
            BinaryPrimitives.ReadUInt16BigEndian(span),
            BinaryPrimitives.ReadUInt16BigEndian(span[2..]),
            BinaryPrimitives.ReadInt32BigEndian(span[4..]));
        _start += ResponseHeaderLength;
        if (!IsKnownStatus(header.Status))
        {
            throw Malformed($"unknown response status {header.Status}");
        }
        if (header.Length < 0)
        {
            throw Malformed($"negative response length {header.Length}");
        }
        return header;
    }

    /// <summary>Reads exactly <paramref name="destination"/>.Length body bytes (file data goes straight into the
    /// caller's buffer, without a copy through ours when it is large).</summary>
    public async ValueTask ReadBodyAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        var buffered = Math.Min(Buffered, destination.Length);
        _buffer.AsMemory(_start, buffered).CopyTo(destination);
        _start += buffered;
        destination = destination[buffered..];
        while (destination.Length > 0)
        {
            if (destination.Length < BufferSize / 2)
            {
                // Small remainders go through our buffer so that the next header usually comes in the same read.
                await FillAsync(Math.Min(destination.Length, BufferSize), cancellationToken, atLeast: true);
                var take = Math.Min(Buffered, destination.Length);
                _buffer.AsMemory(_start, take).CopyTo(destination);
                _start += take;
                destination = destination[take..];
                continue;
            }
            var read = await _stream.ReadAsync(destination, cancellationToken);
            if (read == 0)
            {
                throw Truncated();
            }
            destination = destination[read..];
        }
    }

    /// <summary>Reads a body of <paramref name="length"/> bytes announced by a header, within the cap.</summary>
    public async ValueTask<byte[]> ReadBodyAsync(int length, CancellationToken cancellationToken)
    {
        if (length > _maxBodyLength)
        {
            throw Malformed($"response length {length} exceeds the limit of {_maxBodyLength} bytes");
        }
        if (length <= GrowthStep)
        {
            var small = new byte[length];
            await ReadBodyAsync(small, cancellationToken);
            return small;
        }
        // Grow with the bytes actually received: a header claiming 60 MB followed by silence or EOF costs 1 MB.
        var body = new byte[GrowthStep];
        var filled = 0;
        while (filled < length)
        {
            if (filled == body.Length)
            {
                Array.Resize(ref body, (int)Math.Min(length, (long)body.Length * 2));
            }
            var take = Math.Min(body.Length, length) - filled;
            await ReadBodyAsync(body.AsMemory(filled, take), cancellationToken);
            filled += take;
        }
        if (body.Length != length)
        {
            Array.Resize(ref body, length);
        }
        return body;
    }

    /// <summary>One complete response; a kXR_attn kXR_asynresp is unwrapped into the response it carries.</summary>
    public async ValueTask<XRootDResponse> ReadResponseAsync(CancellationToken cancellationToken)
    {
        var header = await ReadHeaderAsync(cancellationToken);
        var body = await ReadBodyAsync(header.Length, cancellationToken);
        return header.Status == StatusAttn ? UnwrapAttention(header, body) : new XRootDResponse(header.StreamId, header.Status, body);
    }

    /// <summary>
    /// XProtocol.hh ServerResponseBody_Attn_asynresp: actnum, 4 reserved bytes, then a complete response header and
    /// body; the outer dlen is the inner one plus 16 (XrdXrootdResponse.cc). Other action codes are informational
    /// (kXR_asyncms) and are returned as they are for the caller to skip.
    /// </summary>
    public static XRootDResponse UnwrapAttention(XRootDResponseHeader header, byte[] body)
    {
        if (body.Length < 4)
        {
            throw Malformed($"kXR_attn of {body.Length} bytes has no action code");
        }
        var action = BinaryPrimitives.ReadInt32BigEndian(body);
        if (action != AttnAsyncResponse)
        {
            return new XRootDResponse(header.StreamId, StatusAttn, body);
        }
        if (body.Length < 8 + ResponseHeaderLength)
        {
            throw Malformed($"kXR_asynresp of {body.Length} bytes is shorter than its embedded header");
        }
        var inner = body.AsSpan(8);
        var streamId = BinaryPrimitives.ReadUInt16BigEndian(inner);
        var status = BinaryPrimitives.ReadUInt16BigEndian(inner[2..]);
        var length = BinaryPrimitives.ReadInt32BigEndian(inner[4..]);
        if (!IsKnownStatus(status) || status == StatusAttn)
        {
            throw Malformed($"kXR_asynresp carries status {status}");
        }
        if (length != body.Length - 8 - ResponseHeaderLength)
        {
            throw Malformed($"kXR_asynresp announces {length} bytes but carries {body.Length - 8 - ResponseHeaderLength}");
        }
        return new XRootDResponse(streamId, status, inner[ResponseHeaderLength..].ToArray(), Deferred: true);
    }

    public static StorageException Malformed(string message) => new(FailureKind.ProtocolError, $"malformed XRootD response: {message}");

    private static StorageException Truncated() => new(FailureKind.ProtocolError, "XRootD server closed the connection in the middle of a response");

    private async ValueTask FillAsync(int count, CancellationToken cancellationToken, bool atLeast = false)
    {
        if (Buffered >= count || (atLeast && Buffered > 0))
        {
            return;
        }
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }
        while (_end < count)
        {
            var read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
            if (read == 0)
            {
                throw Truncated();
            }
            _end += read;
            if (atLeast)
            {
                return;
            }
        }
    }
}
