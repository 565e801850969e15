using System.Security.Cryptography;

namespace Lakemon.Probes.Campaigns;

/// <summary>
/// Probe file content of any length without holding it in memory: a random block (fresh per stream) repeated. Seekable
/// with a known length, so every client can send Content-Length and rewind for a retry. A repeated block is enough:
/// the content only has to differ between probes and make any flipped byte change the adler32.
/// </summary>
internal sealed class RandomContentStream : Stream
{
    private const int BlockSize = 64 * 1024;
    private readonly byte[] _block;
    private readonly long _length;
    private long _position;

    public RandomContentStream(long length)
    {
        _length = length;
        _block = RandomNumberGenerator.GetBytes((int)Math.Min(BlockSize, Math.Max(length, 1)));
    }

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length => _length;

    public override long Position
    {
        get => _position;
        set => _position = Math.Clamp(value, 0, _length);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var total = (int)Math.Min(buffer.Length, _length - _position);
        var written = 0;
        while (written < total)
        {
            var inBlock = (int)(_position % _block.Length);
            var chunk = Math.Min(total - written, _block.Length - inBlock);
            _block.AsSpan(inBlock, chunk).CopyTo(buffer[written..]);
            written += chunk;
            _position += chunk;
        }
        return written;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override long Seek(long offset, SeekOrigin origin)
    {
        Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => _length + offset,
        };
        return _position;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
