using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;

namespace Lakemon.IntegrationTests.Storage.XRootD;

/// <summary>One connection of <see cref="FakeXRootDServer"/>: just enough protocol to script a server.</summary>
public sealed class FakeXRootDConversation(NetworkStream stream)
{
    public NetworkStream Stream { get; } = stream;

    /// <summary>Reads the 20-byte handshake and the kXR_protocol request sent with it, answers both
    /// (protocol 5.1.1, a data server without TLS), then answers kXR_login with a session id only.</summary>
    public async Task LoginAsync(CancellationToken cancellationToken)
    {
        await ReadExactlyAsync(20, cancellationToken);
        var protocol = await ReadRequestAsync(cancellationToken);
        var handshake = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(handshake, 0x511);
        BinaryPrimitives.WriteInt32BigEndian(handshake.AsSpan(4), 1);
        await SendAsync(0, 0, handshake, cancellationToken);
        var answer = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(answer, 0x511);
        BinaryPrimitives.WriteInt32BigEndian(answer.AsSpan(4), 1);
        await SendAsync(protocol.StreamId, 0, answer, cancellationToken);
        var login = await ReadRequestAsync(cancellationToken);
        await SendAsync(login.StreamId, 0, new byte[16], cancellationToken);
    }

    public async Task<FakeXRootDRequest> ReadRequestAsync(CancellationToken cancellationToken)
    {
        var header = await ReadExactlyAsync(24, cancellationToken);
        var length = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(20));
        var data = await ReadExactlyAsync(length, cancellationToken);
        return new FakeXRootDRequest(BinaryPrimitives.ReadUInt16BigEndian(header), BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(2)), data);
    }

    public async Task SendAsync(ushort streamId, ushort status, byte[] body, CancellationToken cancellationToken)
    {
        var message = new byte[8 + body.Length];
        BinaryPrimitives.WriteUInt16BigEndian(message, streamId);
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(2), status);
        BinaryPrimitives.WriteInt32BigEndian(message.AsSpan(4), body.Length);
        body.CopyTo(message, 8);
        await Stream.WriteAsync(message, cancellationToken);
    }

    /// <summary>kXR_redirect (4004): port, then the host.</summary>
    public Task RedirectAsync(ushort streamId, string host, int port, CancellationToken cancellationToken)
    {
        var hostBytes = Encoding.ASCII.GetBytes(host);
        var body = new byte[4 + hostBytes.Length];
        BinaryPrimitives.WriteInt32BigEndian(body, port);
        hostBytes.CopyTo(body, 4);
        return SendAsync(streamId, 4004, body, cancellationToken);
    }

    /// <summary>kXR_wait (4005): seconds, then a message.</summary>
    public Task WaitAsync(ushort streamId, int seconds, CancellationToken cancellationToken)
    {
        var body = new byte[4 + 5];
        BinaryPrimitives.WriteInt32BigEndian(body, seconds);
        Encoding.ASCII.GetBytes("busy\0").CopyTo(body, 4);
        return SendAsync(streamId, 4005, body, cancellationToken);
    }

    /// <summary>kXR_error (4003): errnum, then a message.</summary>
    public Task ErrorAsync(ushort streamId, int code, string message, CancellationToken cancellationToken)
    {
        var text = Encoding.ASCII.GetBytes(message + "\0");
        var body = new byte[4 + text.Length];
        BinaryPrimitives.WriteInt32BigEndian(body, code);
        text.CopyTo(body, 4);
        return SendAsync(streamId, 4003, body, cancellationToken);
    }

    public async Task<byte[]> ReadExactlyAsync(int count, CancellationToken cancellationToken)
    {
        var buffer = new byte[count];
        await Stream.ReadExactlyAsync(buffer, cancellationToken);
        return buffer;
    }
}

