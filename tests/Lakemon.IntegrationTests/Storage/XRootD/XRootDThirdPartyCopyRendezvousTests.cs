using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Text;
using Lakemon.Probes.Configuration;
using Lakemon.Probes.Results;
using Lakemon.Probes.Storage;
using Lakemon.Probes.Storage.XRootD;

namespace Lakemon.IntegrationTests.Storage.XRootD;

/// <summary>
/// The order of the root TPC rendezvous, against scripted source and destination servers: the cases a lake server
/// produces only under load (a destination that queues the job behind its `ofs.tpc xfr` limit).
/// </summary>
public sealed class XRootDThirdPartyCopyRendezvousTests
{
    // XProtocol.hh request ids and statuses.
    private const ushort Close = 3003;
    private const ushort Open = 3010;
    private const ushort Sync = 3016;
    private const ushort Stat = 3017;
    private const ushort StatusWaitResp = 4006;
    private const ushort StatusAttn = 4001;
    private const int AttnAsyncResponse = 5008;

    private readonly XRootDClient _client = new(StorageCredentials.None);
    private readonly ConcurrentQueue<string> _events = new();

    [Fact]
    public async Task CopyAsync_WhenTheDestinationStartsAtOnce_GrantsBeforeTheFirstSync()
    {
        await using var source = new FakeXRootDServer(SourceAsync);
        await using var destination = new FakeXRootDServer((conversation, token) => DestinationAsync(conversation, queueFirstSync: false, token));

        await _client.CopyAsync(source.Url("/lake/a.bin"), destination.Url("/lake/b.bin"), new CopyOptions(TpcMode.Root), null, new PhaseRecorder(), CancellationToken.None);

        Assert.Equal(new[] { "destination open", "source open", "destination sync", "destination sync", "source close", "destination close" }, _events);
    }

    [Fact]
    public async Task CopyAsync_WhenTheDestinationQueuesTheJob_WithdrawsTheGrantWhileQueuedAndGrantsAgain()
    {
        await using var source = new FakeXRootDServer(SourceAsync);
        await using var destination = new FakeXRootDServer((conversation, token) => DestinationAsync(conversation, queueFirstSync: true, token));

        await _client.CopyAsync(source.Url("/lake/a.bin"), destination.Url("/lake/b.bin"), new CopyOptions(TpcMode.Root), null, new PhaseRecorder(), CancellationToken.None);

        // The queued job starts (the deferred answer) only after the withdrawal: a grant that outlived its tpc.ttl in
        // the queue would make the source refuse the copy program.
        Assert.Equal(
            new[] { "destination open", "source open", "destination sync", "source close", "destination job started", "source open", "destination sync", "source close", "destination close" },
            _events);
    }

    private async Task SourceAsync(FakeXRootDConversation conversation, CancellationToken token)
    {
        await conversation.LoginAsync(token);
        while (true)
        {
            var request = await conversation.ReadRequestAsync(token);
            switch (request.RequestId)
            {
                case Stat:
                    await conversation.SendAsync(request.StreamId, 0, Encoding.ASCII.GetBytes("1 1024 0 1700000000\0"), token);
                    break;
                case Open:
                    Assert.Contains("tpc.ttl=15", request.Text, StringComparison.Ordinal);
                    _events.Enqueue("source open");
                    await conversation.SendAsync(request.StreamId, 0, new byte[4], token);
                    break;
                case Close:
                    _events.Enqueue("source close");
                    await conversation.SendAsync(request.StreamId, 0, [], token);
                    break;
                default:
                    await conversation.ErrorAsync(request.StreamId, 3006, "unexpected request", token);
                    break;
            }
        }
    }

    private async Task DestinationAsync(FakeXRootDConversation conversation, bool queueFirstSync, CancellationToken token)
    {
        await conversation.LoginAsync(token);
        var syncs = 0;
        while (true)
        {
            var request = await conversation.ReadRequestAsync(token);
            switch (request.RequestId)
            {
                case Open:
                    _events.Enqueue("destination open");
                    await conversation.SendAsync(request.StreamId, 0, new byte[4], token);
                    break;
                case Sync when ++syncs == 1 && queueFirstSync:
                    _events.Enqueue("destination sync");
                    await conversation.SendAsync(request.StreamId, StatusWaitResp, [0, 0, 0x07, 0x08], token);
                    // The server answers only when a transfer slot frees; here, once the grant is gone.
                    while (!_events.Contains("source close"))
                    {
                        await Task.Delay(10, token);
                    }
                    _events.Enqueue("destination job started");
                    await SendAsyncResponseAsync(conversation, request.StreamId, token);
                    break;
                case Sync:
                    _events.Enqueue("destination sync");
                    await conversation.SendAsync(request.StreamId, 0, [], token);
                    break;
                case Close:
                    _events.Enqueue("destination close");
                    await conversation.SendAsync(request.StreamId, 0, [], token);
                    break;
                default:
                    await conversation.ErrorAsync(request.StreamId, 3006, "unexpected request", token);
                    break;
            }
        }
    }

    /// <summary>kXR_attn kXR_asynresp (XProtocol.hh ServerResponseBody_Attn_asynresp) carrying an empty kXR_ok.</summary>
    private static Task SendAsyncResponseAsync(FakeXRootDConversation conversation, ushort streamId, CancellationToken token)
    {
        var body = new byte[8 + 8];
        BinaryPrimitives.WriteInt32BigEndian(body, AttnAsyncResponse);
        BinaryPrimitives.WriteUInt16BigEndian(body.AsSpan(8), streamId);
        return conversation.SendAsync(0, StatusAttn, body, token);
    }
}
