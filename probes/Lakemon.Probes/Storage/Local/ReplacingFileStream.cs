namespace Lakemon.Probes.Storage.Local;

/// <summary>
/// The local target of a download: a write-only stream that replaces a file's content, as FileMode.Create would, but
/// drops the old content on a thread of its own. Truncating a large file frees its page cache synchronously (~40 ms for
/// 256 MiB on ext4, more while it is still being written back), time that FileMode.Create spends before the first
/// request is even sent; here it overlaps the connection set-up, and the first write waits for it. The file is opened
/// (and created) at once, so a path that cannot be written still fails before any transfer.
/// </summary>
internal sealed class ReplacingFileStream : Stream
{
    // Below this, truncating takes less than starting a thread for it.
    private const long SmallFileBytes = 8 * 1024 * 1024;

    private readonly FileStream _file;
    private Task? _emptying;

    public ReplacingFileStream(string path)
    {
        _file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous);
        var length = _file.Length;
        if (length == 0)
        {
            // Not even ftruncate(0) on a new or empty file: on ext4 it marks the inode for auto_da_alloc, and close()
            // then allocates and starts writing back every delayed block before it returns (0.12–0.17 s for 256 MiB).
            return;
        }
        if (length <= SmallFileBytes)
        {
            _file.SetLength(0);
            return;
        }
        // Its own thread, not a pool worker: on a 2-core host the pool has two, and the connection set-up needs them.
        _emptying = Task.Factory.StartNew(() => _file.SetLength(0), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Flush()
    {
        Emptied();
        _file.Flush();
    }

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        await EmptiedAsync();
        await _file.FlushAsync(cancellationToken);
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count)
    {
        Emptied();
        _file.Write(buffer, offset, count);
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await EmptiedAsync();
        await _file.WriteAsync(buffer, cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            try
            {
                // Also for an empty download: the old content must be gone when the stream is.
                Emptied();
            }
            finally
            {
                _file.Dispose();
            }
        }
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        try
        {
            await EmptiedAsync();
        }
        finally
        {
            await _file.DisposeAsync();
            await base.DisposeAsync();
        }
    }

    private void Emptied()
    {
        if (_emptying is { } emptying)
        {
            _emptying = null;
            emptying.GetAwaiter().GetResult();
        }
    }

    private async ValueTask EmptiedAsync()
    {
        if (_emptying is { } emptying)
        {
            _emptying = null;
            await emptying;
        }
    }
}
