using System.Buffers;
using Lakemon.Probes.Checksums;

namespace Lakemon.Probes.Storage;

/// <summary>Copies a stream while computing the adler32 of exactly the bytes that passed, with one pooled buffer.</summary>
public static class ChecksummingCopy
{
    public const int BufferSize = 4 * 1024 * 1024;

    public static async Task<TransferResult> CopyAsync(Stream source, Stream destination, CancellationToken cancellationToken, int bufferSize = BufferSize)
    {
        var adler = new Adler32();
        var buffer = ArrayPool<byte>.Shared.Rent(bufferSize);
        long total = 0;
        try
        {
            int read;
            while ((read = await source.ReadAsync(buffer.AsMemory(0, bufferSize), cancellationToken)) > 0)
            {
                adler.Append(buffer.AsSpan(0, read));
                await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                total += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return new TransferResult(total, adler.Hex);
    }
}
