using System.Net.Sockets;
using System.Runtime.InteropServices;
using Lakemon.Probes.Tls;

namespace Lakemon.Probes.Storage.WebDav;

/// <summary>
/// A TLS connection of <see cref="LibSslTransfer"/> as a stream: libssl reads and writes on the non-blocking socket;
/// waiting for an answer, a zero-byte receive waits without a thread; moving a body, poll(2) waits on the moving
/// thread. After <see cref="Begin"/> it reads exactly one body (the bytes after the head first) and then ends. Owns
/// the socket and the SSL object.
/// </summary>
internal sealed class LibSslStream(Socket socket, IntPtr ssl) : Stream
{
    private IntPtr _ssl = ssl;
    private ReadOnlyMemory<byte> _early;
    private long? _remaining;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>From now on the stream is the body: <paramref name="early"/> (read with the head), then the rest up to
    /// <paramref name="length"/> bytes.</summary>
    public void Begin(ReadOnlyMemory<byte> early, long length)
    {
        _early = early.Length <= length ? early : early[..(int)length];
        _remaining = length - _early.Length;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_ssl == IntPtr.Zero, this);
        if (!_early.IsEmpty)
        {
            var count = Math.Min(buffer.Length, _early.Length);
            _early[..count].CopyTo(buffer);
            _early = _early[count..];
            return count;
        }
        if (_remaining == 0 || buffer.IsEmpty)
        {
            return 0;
        }
        var wanted = (int)Math.Min(buffer.Length, _remaining ?? int.MaxValue);
        while (true)
        {
            var read = Read(buffer.Span[..wanted], out var error);
            if (read > 0)
            {
                _remaining -= read;
                return read;
            }
            switch (error)
            {
                case LibSsl.ErrorWantRead when _remaining is not null:
                    // The body: wait in poll(2) on this thread, as curl does. An await per 16 KiB record (an epoll
                    // wake-up and a thread-pool hop each) cost as much CPU as the decryption.
                    Wait(SelectMode.SelectRead, cancellationToken);
                    break;
                case LibSsl.ErrorWantRead:
                    await socket.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None, cancellationToken);
                    break;
                case LibSsl.ErrorWantWrite:
                    Wait(SelectMode.SelectWrite, cancellationToken);
                    break;
                case LibSsl.ErrorZeroReturn or LibSsl.ErrorSyscall:
                    // The peer closed: the end of the stream (a body cut short shows as fewer bytes than announced).
                    return 0;
                default:
                    throw new IOException($"TLS error {error} while reading", new SocketException((int)SocketError.ConnectionReset));
            }
        }
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_ssl == IntPtr.Zero, this);
        while (!buffer.IsEmpty)
        {
            var written = Write(buffer.Span, out var error);
            if (written > 0)
            {
                buffer = buffer[written..];
                continue;
            }
            switch (error)
            {
                case LibSsl.ErrorWantRead:
                    await socket.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None, cancellationToken);
                    break;
                case LibSsl.ErrorWantWrite:
                    // The send buffer is full (an upload outruns the server): wait in poll(2), as for reads.
                    Wait(SelectMode.SelectWrite, cancellationToken);
                    break;
                default:
                    throw new IOException($"TLS error {error} while writing", new SocketException((int)SocketError.ConnectionReset));
            }
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (_ssl != IntPtr.Zero)
        {
            LibSsl.SSL_free(_ssl);
            _ssl = IntPtr.Zero;
            socket.Dispose();
        }
        base.Dispose(disposing);
    }

    private void Wait(SelectMode mode, CancellationToken cancellationToken)
    {
        // In slices, so that a cancelled transfer ends within one.
        while (!socket.Poll(TimeSpan.FromMilliseconds(200), mode))
        {
            cancellationToken.ThrowIfCancellationRequested();
        }
        cancellationToken.ThrowIfCancellationRequested();
    }

    private int Read(Span<byte> buffer, out int error)
    {
        var read = LibSsl.SSL_read(_ssl, ref MemoryMarshal.GetReference(buffer), buffer.Length);
        error = read > 0 ? 0 : LibSsl.SSL_get_error(_ssl, read);
        return read;
    }

    private int Write(ReadOnlySpan<byte> buffer, out int error)
    {
        var written = LibSsl.SSL_write(_ssl, ref MemoryMarshal.GetReference(buffer), buffer.Length);
        error = written > 0 ? 0 : LibSsl.SSL_get_error(_ssl, written);
        return written;
    }
}
