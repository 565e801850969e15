using System.Buffers;
using Lakemon.Probes.Checksums;
using static Lakemon.Probes.Storage.XRootD.XRootDProtocol;

namespace Lakemon.Probes.Storage.XRootD;

/// <summary>
/// Pipelined kXR_read / kXR_write on an open file handle: up to <see cref="Depth"/> requests of
/// <see cref="ChunkSize"/> bytes are outstanding, each on its own stream id, so the server never waits for our round
/// trip (XrdCl keeps several requests in flight the same way). Buffers come from the shared pool; adler32 is computed
/// over exactly the bytes delivered or sent.
/// </summary>
internal static class XRootDFileTransfer
{
    public const int ChunkSize = 8 * 1024 * 1024;
    public const int Depth = 4;

    public static async Task<TransferResult> ReadAsync(XRootDConnection connection, uint handle, long? size, Stream destination, CancellationToken cancellationToken)
    {
        var reader = connection.Reader;
        var adler = new Adler32();
        var inFlight = new Queue<Slot>();
        var byStream = new Dictionary<ushort, Slot>();
        var slots = new List<Slot>();
        long nextOffset = 0;
        long total = 0;
        var endReached = false;
        try
        {
            for (var i = 0; i < Depth; i++)
            {
                slots.Add(new Slot(ArrayPool<byte>.Shared.Rent(ChunkSize)));
            }
            foreach (var slot in slots)
            {
                if (MoreToRead())
                {
                    await IssueAsync(slot);
                }
            }
            while (inFlight.Count > 0)
            {
                var header = await reader.ReadHeaderAsync(cancellationToken);
                if (header.Status == StatusAttn)
                {
                    var attention = XRootDResponseReader.UnwrapAttention(header, await reader.ReadBodyAsync(header.Length, cancellationToken));
                    if (attention.Status != StatusAttn)
                    {
                        await HandleBufferedAsync(Find(attention.StreamId), attention.Status, attention.Body);
                    }
                }
                else if (header.Status is StatusOk or StatusOkSoFar)
                {
                    var slot = Find(header.StreamId);
                    if (header.Length > slot.Requested - slot.Filled)
                    {
                        throw XRootDResponseReader.Malformed($"kXR_read answer of {slot.Filled + header.Length} bytes to a request for {slot.Requested}");
                    }
                    await reader.ReadBodyAsync(slot.Buffer.AsMemory(slot.Filled, header.Length), cancellationToken);
                    slot.Filled += header.Length;
                    slot.Done = header.Status == StatusOk;
                }
                else
                {
                    await HandleBufferedAsync(Find(header.StreamId), header.Status, await reader.ReadBodyAsync(header.Length, cancellationToken));
                }

                // Deliver completed chunks in file order; a chunk shorter than asked for is the end of the file.
                while (inFlight.Count > 0 && inFlight.Peek().Done)
                {
                    var slot = inFlight.Dequeue();
                    byStream.Remove(slot.StreamId);
                    if (slot.Filled > 0)
                    {
                        if (endReached)
                        {
                            throw XRootDResponseReader.Malformed($"kXR_read returned data at offset {slot.Offset}, after the end of the file");
                        }
                        adler.Append(slot.Buffer.AsSpan(0, slot.Filled));
                        await destination.WriteAsync(slot.Buffer.AsMemory(0, slot.Filled), cancellationToken);
                        total += slot.Filled;
                    }
                    endReached |= slot.Filled < slot.Requested;
                    if (MoreToRead())
                    {
                        await IssueAsync(slot);
                    }
                }
            }
            return new TransferResult(total, adler.Hex);
        }
        finally
        {
            foreach (var slot in slots)
            {
                ArrayPool<byte>.Shared.Return(slot.Buffer);
            }
        }

        bool MoreToRead() => !endReached && (size is null || nextOffset < size);

        async Task IssueAsync(Slot slot)
        {
            slot.Offset = nextOffset;
            slot.Requested = size is { } known ? (int)Math.Min(ChunkSize, known - nextOffset) : ChunkSize;
            nextOffset += slot.Requested;
            slot.StreamId = connection.NextStreamId();
            byStream[slot.StreamId] = slot;
            inFlight.Enqueue(slot);
            await SendReadAsync(slot);
        }

        async Task SendReadAsync(Slot slot)
        {
            slot.Filled = 0;
            slot.Done = false;
            XRootDRequest.WriteReadParameters(slot.Parameters, handle, slot.Offset, slot.Requested);
            await connection.SendAsync(slot.StreamId, Read, slot.Parameters, default, cancellationToken);
        }

        Slot Find(ushort streamId) => byStream.TryGetValue(streamId, out var slot)
            ? slot
            : throw XRootDResponseReader.Malformed($"kXR_read answer on stream {streamId}, which has no read outstanding");

        async Task HandleBufferedAsync(Slot slot, ushort status, byte[] body)
        {
            switch (status)
            {
                case StatusOk or StatusOkSoFar:
                    if (body.Length > slot.Requested - slot.Filled)
                    {
                        throw XRootDResponseReader.Malformed($"kXR_read answer of {slot.Filled + body.Length} bytes to a request for {slot.Requested}");
                    }
                    body.CopyTo(slot.Buffer.AsSpan(slot.Filled));
                    slot.Filled += body.Length;
                    slot.Done = status == StatusOk;
                    break;
                case StatusWait:
                    await WaitAsync(slot, body, "kXR_read", cancellationToken);
                    await SendReadAsync(slot);
                    break;
                case StatusWaitResp:
                    XRootDResponseParser.ParseSeconds(body, "kXR_waitresp");
                    break;
                default:
                    throw Failure(status, body, "kXR_read");
            }
        }
    }

    /// <summary>Writes the whole source; an empty source sends no kXR_write at all (the open created the file).</summary>
    public static async Task<TransferResult> WriteAsync(XRootDConnection connection, uint handle, Stream source, CancellationToken cancellationToken)
    {
        var reader = connection.Reader;
        var adler = new Adler32();
        var byStream = new Dictionary<ushort, Slot>();
        var slots = new List<Slot>();
        Task? sending = null;
        long offset = 0;
        try
        {
            for (var i = 0; i < Depth; i++)
            {
                slots.Add(new Slot(ArrayPool<byte>.Shared.Rent(ChunkSize)));
            }
            for (var index = 0; ; index++)
            {
                var slot = slots[index % Depth];
                while (slot.InFlight)
                {
                    await ReceiveAckAsync();
                }
                // Reading the next chunk from the source overlaps with the socket send of the previous one.
                var length = await source.ReadAtLeastAsync(slot.Buffer.AsMemory(0, ChunkSize), ChunkSize, throwOnEndOfStream: false, cancellationToken);
                if (sending is not null)
                {
                    await sending;
                    sending = null;
                }
                if (length == 0)
                {
                    break;
                }
                adler.Append(slot.Buffer.AsSpan(0, length));
                slot.Offset = offset;
                slot.Requested = length;
                offset += length;
                slot.StreamId = connection.NextStreamId();
                slot.InFlight = true;
                byStream[slot.StreamId] = slot;
                sending = SendWriteAsync(slot);
            }
            while (byStream.Count > 0)
            {
                await ReceiveAckAsync();
            }
            return new TransferResult(offset, adler.Hex);
        }
        finally
        {
            if (sending is not null)
            {
                // The pool must not get a buffer back while the socket may still be reading from it.
                await sending.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
            foreach (var slot in slots)
            {
                ArrayPool<byte>.Shared.Return(slot.Buffer);
            }
        }

        async Task SendWriteAsync(Slot slot)
        {
            XRootDRequest.WriteWriteParameters(slot.Parameters, handle, slot.Offset);
            await connection.SendAsync(slot.StreamId, Write, slot.Parameters, slot.Buffer.AsMemory(0, slot.Requested), cancellationToken);
        }

        async Task ReceiveAckAsync()
        {
            var response = await reader.ReadResponseAsync(cancellationToken);
            if (response.Status == StatusAttn)
            {
                return;
            }
            if (!byStream.TryGetValue(response.StreamId, out var slot))
            {
                throw XRootDResponseReader.Malformed($"kXR_write answer on stream {response.StreamId}, which has no write outstanding");
            }
            switch (response.Status)
            {
                case StatusOk:
                    slot.InFlight = false;
                    byStream.Remove(response.StreamId);
                    break;
                case StatusWait:
                    await WaitAsync(slot, response.Body, "kXR_write", cancellationToken);
                    if (sending is not null)
                    {
                        await sending;
                        sending = null;
                    }
                    await SendWriteAsync(slot);
                    break;
                case StatusWaitResp:
                    XRootDResponseParser.ParseSeconds(response.Body, "kXR_waitresp");
                    break;
                default:
                    throw Failure(response.Status, response.Body, "kXR_write");
            }
        }
    }

    private static async Task WaitAsync(Slot slot, byte[] body, string what, CancellationToken cancellationToken)
    {
        var seconds = XRootDResponseParser.ParseSeconds(body, "kXR_wait");
        if (++slot.Waits > XRootDConnection.MaxWaits)
        {
            throw new StorageException(Results.FailureKind.ServerError, $"{what}: the server asked to wait {slot.Waits} times in a row");
        }
        var delay = TimeSpan.FromSeconds(seconds);
        await Task.Delay(delay < XRootDConnection.MaxWaitDelay ? delay : XRootDConnection.MaxWaitDelay, cancellationToken);
    }

    private static StorageException Failure(ushort status, byte[] body, string what) => status switch
    {
        StatusError => XRootDFailureMap.ToException(XRootDResponseParser.ParseError(body), what),
        StatusRedirect => XRootDResponseReader.Malformed($"{what} on an open file was redirected"),
        _ => XRootDResponseReader.Malformed($"unexpected status {status} in answer to {what}"),
    };

    private sealed class Slot(byte[] buffer)
    {
        public byte[] Buffer { get; } = buffer;
        public byte[] Parameters { get; } = new byte[16];
        public ushort StreamId { get; set; }
        public long Offset { get; set; }
        public int Requested { get; set; }
        public int Filled { get; set; }
        public bool Done { get; set; }
        public bool InFlight { get; set; }
        public int Waits { get; set; }
    }
}
