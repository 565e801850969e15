using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Lakemon.IntegrationTests.Support;
using Lakemon.Probes.Results;
using Lakemon.Probes.Storage;
using Lakemon.Probes.Storage.XRootD;

namespace Lakemon.IntegrationTests.Storage.XRootD;

/// <summary>
/// How XRootDClient fails, and how it copes with the answers a redirector or a busy server gives: real sockets for
/// network failures, <see cref="FakeXRootDServer"/> for scripted protocol situations, the lake behind redirects.
/// </summary>
public sealed class XRootDClientFailureTests(XRootDLakeFixture fixture) : IClassFixture<XRootDLakeFixture>
{
    private const ushort Stat = 3017;
    private const ushort Rm = 3014;
    private const ushort Rmdir = 3015;
    private readonly RunningLake _lake = fixture.Lake;
    private readonly XRootDClient _client = new(StorageCredentials.None);

    public static TheoryData<string, FailureKind> NetworkCases => new()
    {
        { $"root://127.0.0.1:{ClosedPort()}//lake/x", FailureKind.Connect },
        { "root://no-such-host.invalid//lake/x", FailureKind.Connect },
    };

    [Theory]
    [MemberData(nameof(NetworkCases))]
    public async Task StatAsync_WhenTheServerCannotBeReached_FailsWithTheNetworkKind(string url, FailureKind expected)
    {
        var phases = new PhaseRecorder();

        var failure = await Assert.ThrowsAsync<StorageException>(() => _client.StatAsync(new Uri(url), phases, CancellationToken.None));

        Assert.Equal(expected, failure.Kind);
        Assert.NotNull(phases[PhaseNames.Connect]);
    }

    [Fact]
    public async Task StatAsync_WhenTheAnswerIsTruncated_FailsAsProtocolError()
    {
        await using var server = new FakeXRootDServer(async (conversation, token) =>
        {
            await conversation.LoginAsync(token);
            var request = await conversation.ReadRequestAsync(token);
            // A header announcing 100 bytes, 10 of them, then the connection closes.
            var message = new byte[8 + 10];
            BinaryPrimitives.WriteUInt16BigEndian(message, request.StreamId);
            BinaryPrimitives.WriteInt32BigEndian(message.AsSpan(4), 100);
            await conversation.Stream.WriteAsync(message, token);
        });

        var failure = await Assert.ThrowsAsync<StorageException>(() => _client.StatAsync(server.Url("/lake/x"), new PhaseRecorder(), CancellationToken.None));

        Assert.Equal(FailureKind.ProtocolError, failure.Kind);
    }

    [Fact]
    public async Task StatAsync_WhenTheServerSpeaksAnotherProtocol_FailsAsProtocolError()
    {
        await using var server = new FakeXRootDServer(async (conversation, token) =>
        {
            await conversation.ReadExactlyAsync(20, token);
            await conversation.Stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 400 Bad Request\r\n\r\n"), token);
        });

        var failure = await Assert.ThrowsAsync<StorageException>(() => _client.StatAsync(server.Url("/lake/x"), new PhaseRecorder(), CancellationToken.None));

        Assert.Equal(FailureKind.ProtocolError, failure.Kind);
    }

    [Fact]
    public async Task StatAsync_WhenTheServerNeverAnswers_TheCallersCancellationEndsItAsOperationCanceled()
    {
        // IStorageClient contract: the caller's token surfaces as OperationCanceledException (the probe turns its own
        // budget into `timeout`); the client has no timeout of its own that could fire first.
        await using var server = new FakeXRootDServer(async (conversation, token) => await Task.Delay(Timeout.Infinite, token));
        using var budget = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _client.StatAsync(server.Url("/lake/x"), new PhaseRecorder(), budget.Token));
    }

    [Fact]
    public async Task StatAsync_WhenTheServerDemandsAuthentication_FailsAsAuth()
    {
        await using var server = new FakeXRootDServer(async (conversation, token) =>
        {
            await conversation.ReadExactlyAsync(20, token);
            var protocol = await conversation.ReadRequestAsync(token);
            var version = new byte[8];
            BinaryPrimitives.WriteInt32BigEndian(version, 0x511);
            await conversation.SendAsync(0, 0, version, token);
            await conversation.SendAsync(protocol.StreamId, 0, version, token);
            var login = await conversation.ReadRequestAsync(token);
            await conversation.SendAsync(login.StreamId, 0, [.. new byte[16], .. "&P=gsi,v:10000&P=ztn,0:4096:"u8.ToArray()], token);
        });

        var failure = await Assert.ThrowsAsync<StorageException>(() => _client.StatAsync(server.Url("/lake/x"), new PhaseRecorder(), CancellationToken.None));

        Assert.Equal(FailureKind.Auth, failure.Kind);
        Assert.Contains("gsi", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StatAsync_WhenTheServerAnswersKxrError_MapsItThroughTheTable()
    {
        await using var server = new FakeXRootDServer(async (conversation, token) =>
        {
            await conversation.LoginAsync(token);
            var request = await conversation.ReadRequestAsync(token);
            await conversation.ErrorAsync(request.StreamId, 3010, "permission denied", token);
        });

        var failure = await Assert.ThrowsAsync<StorageException>(() => _client.StatAsync(server.Url("/lake/x"), new PhaseRecorder(), CancellationToken.None));

        Assert.Equal(FailureKind.Auth, failure.Kind);
        Assert.Contains("permission denied", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_ThroughARedirectorThatFirstSaysWait_WaitsFollowsAndReadsFromTheLake()
    {
        var bytes = RandomNumberGenerator.GetBytes(3_000_001);
        var path = $"/lake/xrd-redirect-{Guid.NewGuid():N}.bin";
        var lakeUrl = new Uri(_lake.Rses[0].Root(path["/lake".Length..]));
        await _client.UploadAsync(lakeUrl, new MemoryStream(bytes), new PhaseRecorder(), CancellationToken.None);
        var seen = new List<string>();
        await using var redirector = new FakeXRootDServer(async (conversation, token) =>
        {
            await conversation.LoginAsync(token);
            var first = await conversation.ReadRequestAsync(token);
            await conversation.WaitAsync(first.StreamId, 0, token);
            var again = await conversation.ReadRequestAsync(token);
            lock (seen)
            {
                seen.Add(again.Text);
            }
            await conversation.RedirectAsync(again.StreamId, "127.0.0.1", lakeUrl.Port, token);
            await conversation.ReadExactlyAsync(1, token);
        });
        var phases = new PhaseRecorder();
        var received = new MemoryStream();

        var result = await _client.ReadAsync(redirector.Url(path), received, phases, CancellationToken.None);

        Assert.True(bytes.AsSpan().SequenceEqual(received.ToArray()));
        Assert.Equal(path, Assert.Single(seen));
        Assert.NotNull(phases[PhaseNames.Redirect]);
    }

    [Fact]
    public async Task StatAsync_WhenRedirectedInALoop_GivesUpAsServerError()
    {
        FakeXRootDServer? self = null;
        await using var server = self = new FakeXRootDServer(async (conversation, token) =>
        {
            await conversation.LoginAsync(token);
            var request = await conversation.ReadRequestAsync(token);
            await conversation.RedirectAsync(request.StreamId, "127.0.0.1", self!.Port, token);
            await conversation.ReadExactlyAsync(1, token);
        });

        var failure = await Assert.ThrowsAsync<StorageException>(() => _client.StatAsync(server.Url("/lake/x"), new PhaseRecorder(), CancellationToken.None));

        Assert.Equal(FailureKind.ServerError, failure.Kind);
        Assert.Equal(XRootDClient.MaxRedirects + 1, server.Connections);
    }

    [Fact]
    public async Task StatAsync_WhenTheAnswerComesLaterAsAnAsyncResponse_UsesIt()
    {
        await using var server = new FakeXRootDServer(async (conversation, token) =>
        {
            await conversation.LoginAsync(token);
            var request = await conversation.ReadRequestAsync(token);
            Assert.Equal(Stat, request.RequestId);
            var seconds = new byte[4];
            BinaryPrimitives.WriteInt32BigEndian(seconds, 30);
            await conversation.SendAsync(request.StreamId, 4006, seconds, token);
            // kXR_attn kXR_asynresp: actnum 5008, 4 reserved bytes, then the real answer with its own header.
            var stat = "0 4242 0 1700000000\0"u8.ToArray();
            var body = new byte[16 + stat.Length];
            BinaryPrimitives.WriteInt32BigEndian(body, 5008);
            BinaryPrimitives.WriteUInt16BigEndian(body.AsSpan(8), request.StreamId);
            BinaryPrimitives.WriteInt32BigEndian(body.AsSpan(12), stat.Length);
            stat.CopyTo(body, 16);
            await conversation.SendAsync(0, 4001, body, token);
            await conversation.ReadExactlyAsync(1, token);
        });

        var result = await _client.StatAsync(server.Url("/lake/x"), new PhaseRecorder(), CancellationToken.None);

        Assert.Equal(new StorageStat(true, 4242, DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), false), result);
    }

    [Theory]
    [InlineData(3016)]
    [InlineData(3015)]
    public async Task DeleteAsync_WhenKxrRmRefusesADirectory_RemovesItWithKxrRmdirOnTheSameConnection(int refusal)
    {
        var requests = new List<(ushort Id, string Path)>();
        await using var server = new FakeXRootDServer(async (conversation, token) =>
        {
            await conversation.LoginAsync(token);
            var rm = await conversation.ReadRequestAsync(token);
            requests.Add((rm.RequestId, rm.Text));
            await conversation.ErrorAsync(rm.StreamId, refusal, "/lake/dir is a directory", token);
            var rmdir = await conversation.ReadRequestAsync(token);
            requests.Add((rmdir.RequestId, rmdir.Text));
            await conversation.SendAsync(rmdir.StreamId, 0, [], token);
            await conversation.ReadExactlyAsync(1, token);
        });

        await _client.DeleteAsync(server.Url("/lake/dir"), new PhaseRecorder(), CancellationToken.None);

        Assert.Equal([(Rm, "/lake/dir"), (Rmdir, "/lake/dir")], requests);
        Assert.Equal(1, server.Connections);
    }

    [Fact]
    public async Task DeleteAsync_WhenKxrRmdirFailsToo_ReportsTheRmdirFailure()
    {
        await using var server = new FakeXRootDServer(async (conversation, token) =>
        {
            await conversation.LoginAsync(token);
            var rm = await conversation.ReadRequestAsync(token);
            await conversation.ErrorAsync(rm.StreamId, 3016, "is a directory", token);
            var rmdir = await conversation.ReadRequestAsync(token);
            await conversation.ErrorAsync(rmdir.StreamId, 3005, "directory not empty", token);
            await conversation.ReadExactlyAsync(1, token);
        });

        var failure = await Assert.ThrowsAsync<StorageException>(() => _client.DeleteAsync(server.Url("/lake/dir"), new PhaseRecorder(), CancellationToken.None));

        Assert.Equal(FailureKind.ServerError, failure.Kind);
        Assert.Contains("kXR_rmdir", failure.Message, StringComparison.Ordinal);
        Assert.Contains("directory not empty", failure.Message, StringComparison.Ordinal);
    }

    private static int ClosedPort()
    {
        // A port that was free a moment ago: nothing listens there, so connect is refused.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
