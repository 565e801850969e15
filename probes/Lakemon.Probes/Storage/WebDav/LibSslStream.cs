using System.Net.Sockets;
using System.Runtime.InteropServices;
using Lakemon.Probes.Tls;

namespace Lakemon.Probes.Storage.WebDav;

/// <summary>
/// A TLS connection of <see cref="LibSslTransfer"/> as a stream: libssl reads and writes on the non-blocking socket and
/// poll(2) waits on the calling thread, as in curl — no .NET async socket operation ever touches it, since the first one
/// would register it with the runtime's epoll thread, which then woke up for every arriving packet (8 % of a download's
/// CPU) and handed each record to the thread pool. After <see cref="Begin"/> it reads exactly one body (the bytes after the head first) and then ends. Owns
/// the socket and the SSL object.
/// </summary>
internal sealed class LibSslStream(Socket socket, IntPtr ssl) : Stream
{
    private IntPtr _ssl = ssl;
    private ReadOnlyMemory<byte> _early;
    private long? _remaining;

    /// <summary>What the synchronous Stream methods, which take no token, stop for.</summary>
    public CancellationToken Cancellation { get; set; }

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

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        new(Read(buffer.Span, cancellationToken));

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span, cancellationToken);
        return ValueTask.CompletedTask;
    }

    public override int Read(Span<byte> buffer) => Read(buffer, Cancellation);

    public override void Write(ReadOnlySpan<byte> buffer) => Write(buffer, Cancellation);

    /// <summary>Waits in poll(2) until the socket is ready, in slices so that a cancelled transfer ends within one.</summary>
    internal static void Wait(Socket socket, SelectMode mode, CancellationToken cancellationToken)
    {
        while (!socket.Poll(TimeSpan.FromMilliseconds(200), mode))
        {
            cancellationToken.ThrowIfCancellationRequested();
        }
        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>Waits for the direction OpenSSL asked for after a call returned <paramref name="error"/> (a read may
    /// need to write, e.g. a renegotiation, and the reverse); false when the error is not a wait.</summary>
    internal static bool WaitIfWanted(int error, Socket socket, CancellationToken cancellationToken)
    {
        switch (error)
        {
            case LibSsl.ErrorWantRead:
                Wait(socket, SelectMode.SelectRead, cancellationToken);
                return true;
            case LibSsl.ErrorWantWrite:
                Wait(socket, SelectMode.SelectWrite, cancellationToken);
                return true;
            default:
                return false;
        }
    }

    internal int Read(Span<byte> buffer, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_ssl == IntPtr.Zero, this);
        if (!_early.IsEmpty)
        {
            var count = Math.Min(buffer.Length, _early.Length);
            _early.Span[..count].CopyTo(buffer);
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
            var read = LibSsl.SSL_read(_ssl, ref MemoryMarshal.GetReference(buffer), wanted);
            if (read > 0)
            {
                _remaining -= read;
                return read;
            }
            var error = LibSsl.SSL_get_error(_ssl, read);
            if (WaitIfWanted(error, socket, cancellationToken))
            {
                continue;
            }
            if (error is LibSsl.ErrorZeroReturn or LibSsl.ErrorSyscall && read == 0)
            {
                // The peer closed: the end of the stream (a body cut short shows as fewer bytes than announced).
                return 0;
            }
            throw new IOException($"TLS error {error} while reading", new SocketException((int)SocketError.ConnectionReset));
        }
    }

    internal void Write(ReadOnlySpan<byte> buffer, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_ssl == IntPtr.Zero, this);
        while (!buffer.IsEmpty)
        {
            var written = LibSsl.SSL_write(_ssl, ref MemoryMarshal.GetReference(buffer), buffer.Length);
            if (written > 0)
            {
                buffer = buffer[written..];
                continue;
            }
            // Want-write: the send buffer is full (an upload outruns the server).
            var error = LibSsl.SSL_get_error(_ssl, written);
            if (!WaitIfWanted(error, socket, cancellationToken))
            {
                throw new IOException($"TLS error {error} while writing", new SocketException((int)SocketError.ConnectionReset));
            }
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count), Cancellation);

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count), Cancellation);

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

}
