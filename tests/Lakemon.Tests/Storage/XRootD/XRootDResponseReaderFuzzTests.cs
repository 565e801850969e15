using System.Buffers.Binary;
using System.Diagnostics;
using Lakemon.Probes.Results;
using Lakemon.Probes.Storage;
using Lakemon.Probes.Storage.XRootD;

namespace Lakemon.Tests.Storage.XRootD;

/// <summary>
/// Whatever a server (or something pretending to be one) sends, the decoder and the body parsers either produce a
/// value or throw <see cref="StorageException"/> with <see cref="FailureKind.ProtocolError"/>: no other exception,
/// no hang, no allocation out of proportion to the bytes actually received.
/// </summary>
public class XRootDResponseReaderFuzzTests
{
    private static readonly ushort[] Statuses = [0, 4000, 4001, 4002, 4003, 4004, 4005, 4006, 4007];

    [Fact]
    public async Task ReadResponseAsync_RandomBytes_OnlyValuesOrProtocolErrors()
    {
        var random = new Random(20251127);
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < 5000; i++)
        {
            await DecodeAllAsync(RandomStream(random));
        }
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"fuzzing took {watch.Elapsed}");
    }

    [Fact]
    public async Task ReadResponseAsync_EveryTruncationOfValidResponses_IsProtocolErrorOrTheWholeResponse()
    {
        byte[] valid = [.. Message(7, 0, "1 10 0 1700000000\0"u8.ToArray()), .. Attention(7, 4003, Error(3011, "gone")), .. Message(9, 4004, Redirect(1094, "h?x=1"))];
        for (var cut = 0; cut <= valid.Length; cut++)
        {
            var decoded = await DecodeAllAsync(valid[..cut]);
            Assert.True(decoded <= 3);
        }
        Assert.Equal(3, await DecodeAllAsync(valid));
    }

    [Fact]
    public async Task ReadResponseAsync_BitFlipsOfValidResponses_OnlyValuesOrProtocolErrors()
    {
        var random = new Random(42);
        byte[] valid = [.. Message(1, 4000, "a\nb\n"u8.ToArray()), .. Message(1, 0, "c\0"u8.ToArray()), .. Message(2, 4005, Seconds(3)), .. Attention(3, 0, "adler32 0a0b0c0d\0"u8.ToArray())];
        for (var i = 0; i < 5000; i++)
        {
            var mutated = (byte[])valid.Clone();
            for (var flips = random.Next(1, 4); flips > 0; flips--)
            {
                mutated[random.Next(mutated.Length)] ^= (byte)(1 << random.Next(8));
            }
            await DecodeAllAsync(mutated);
        }
    }

    [Theory]
    [InlineData(int.MaxValue)]
    [InlineData(XRootDResponseReader.DefaultMaxBodyLength + 1)]
    [InlineData(XRootDResponseReader.DefaultMaxBodyLength)]
    [InlineData(60_000_000)]
    [InlineData(-1)]
    public async Task ReadResponseAsync_HugeAnnouncedLengthAndFewBytes_ProtocolErrorWithoutHugeAllocation(int announced)
    {
        byte[] header = new byte[8];
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(2), 0);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), announced);
        byte[] bytes = [.. header, .. new byte[1000]];

        var before = GC.GetAllocatedBytesForCurrentThread();
        var failure = await Assert.ThrowsAsync<StorageException>(async () => await new XRootDResponseReader(new MemoryStream(bytes)).ReadResponseAsync(CancellationToken.None));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(FailureKind.ProtocolError, failure.Kind);
        Assert.True(allocated < 4 * 1024 * 1024, $"allocated {allocated} bytes for 1008 received");
    }

    [Fact]
    public async Task ReadResponseAsync_LargeValidBody_IsReturnedWhole()
    {
        var body = new byte[5 * 1024 * 1024 + 3];
        new Random(1).NextBytes(body);

        var response = await new XRootDResponseReader(new MemoryStream(Message(5, 0, body))).ReadResponseAsync(CancellationToken.None);

        Assert.Equal(body, response.Body);
    }

    [Fact]
    public async Task ReadResponseAsync_AsyncResponseInAttention_IsUnwrappedToTheInnerAnswer()
    {
        var response = await new XRootDResponseReader(new MemoryStream(Attention(12, 0, "x"u8.ToArray()))).ReadResponseAsync(CancellationToken.None);

        Assert.Equal(12, response.StreamId);
        Assert.Equal(0, response.Status);
        Assert.Equal("x"u8.ToArray(), response.Body);
        Assert.True(response.Deferred);
    }

    /// <summary>Decodes responses until the stream ends; returns how many were whole.</summary>
    private static async Task<int> DecodeAllAsync(byte[] bytes)
    {
        var reader = new XRootDResponseReader(new MemoryStream(bytes), maxBodyLength: 1 << 20);
        var decoded = 0;
        while (true)
        {
            XRootDResponse response;
            try
            {
                response = await reader.ReadResponseAsync(CancellationToken.None);
            }
            catch (StorageException exception)
            {
                Assert.Equal(FailureKind.ProtocolError, exception.Kind);
                return decoded;
            }
            decoded++;
            ParseEveryWay(response.Body);
        }
    }

    /// <summary>Every body parser on every body: the client picks one by status and request, a hostile server may
    /// send any body under any status.</summary>
    private static void ParseEveryWay(byte[] body)
    {
        var text = XRootDResponseParser.Text(body);
        Action[] parsers =
        [
            () => XRootDResponseParser.ParseError(body),
            () => XRootDResponseParser.ParseRedirect(body),
            () => XRootDResponseParser.ParseSeconds(body, "kXR_wait"),
            () => XRootDResponseParser.ParseProtocol(body),
            () => XRootDResponseParser.ParseLoginSecurity(body),
            () => XRootDResponseParser.ParseOpen(body),
            () => XRootDResponseParser.ParseStat(text),
            () => XRootDResponseParser.ParseChecksum(text),
            () => XRootDResponseParser.ParseDirectoryList(XRootDResponseParser.MultiPartText(body)),
            () => XRootDResponseReader.UnwrapAttention(new XRootDResponseHeader(0, 4001, body.Length), body),
        ];
        foreach (var parse in parsers)
        {
            try
            {
                parse();
            }
            catch (StorageException exception)
            {
                Assert.Equal(FailureKind.ProtocolError, exception.Kind);
            }
        }
    }

    private static byte[] RandomStream(Random random)
    {
        // Half structured (plausible headers with random bodies), half pure noise.
        if (random.Next(2) == 0)
        {
            var noise = new byte[random.Next(0, 300)];
            random.NextBytes(noise);
            return noise;
        }
        var stream = new List<byte>();
        for (var count = random.Next(1, 5); count > 0; count--)
        {
            var body = new byte[random.Next(0, 64)];
            random.NextBytes(body);
            var status = Statuses[random.Next(Statuses.Length)];
            var length = random.Next(4) == 0 ? random.Next(-5, 100_000) : body.Length;
            if (status == 4001 && random.Next(2) == 0)
            {
                stream.AddRange(Attention((ushort)random.Next(3), Statuses[random.Next(Statuses.Length)], body, random.Next(3) == 0 ? random.Next(-3, 200) : null));
                continue;
            }
            stream.AddRange(Message((ushort)random.Next(3), status, body, length));
        }
        var bytes = stream.ToArray();
        return random.Next(3) == 0 ? bytes[..random.Next(bytes.Length + 1)] : bytes;
    }

    private static byte[] Message(ushort streamId, ushort status, byte[] body, int? length = null)
    {
        var message = new byte[8 + body.Length];
        BinaryPrimitives.WriteUInt16BigEndian(message, streamId);
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(2), status);
        BinaryPrimitives.WriteInt32BigEndian(message.AsSpan(4), length ?? body.Length);
        body.CopyTo(message, 8);
        return message;
    }

    /// <summary>kXR_attn kXR_asynresp wrapping an answer for <paramref name="streamId"/>.</summary>
    private static byte[] Attention(ushort streamId, ushort status, byte[] body, int? innerLength = null)
    {
        var inner = new byte[8 + 8 + body.Length];
        BinaryPrimitives.WriteInt32BigEndian(inner, 5008);
        BinaryPrimitives.WriteUInt16BigEndian(inner.AsSpan(8), streamId);
        BinaryPrimitives.WriteUInt16BigEndian(inner.AsSpan(10), status);
        BinaryPrimitives.WriteInt32BigEndian(inner.AsSpan(12), innerLength ?? body.Length);
        body.CopyTo(inner, 16);
        return Message(0, 4001, inner);
    }

    private static byte[] Error(int code, string message) => [.. Seconds(code), .. System.Text.Encoding.ASCII.GetBytes(message + "\0")];

    private static byte[] Redirect(int port, string host) => [.. Seconds(port), .. System.Text.Encoding.ASCII.GetBytes(host)];

    private static byte[] Seconds(int value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(bytes, value);
        return bytes;
    }
}
