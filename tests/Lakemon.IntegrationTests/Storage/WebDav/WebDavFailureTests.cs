using System.Diagnostics;
using Lakemon.IntegrationTests.Support;
using Lakemon.Probes.Results;
using Lakemon.Probes.Storage;
using Lakemon.Probes.Storage.WebDav;

namespace Lakemon.IntegrationTests.Storage.WebDav;

/// <summary>
/// Each way a WebDAV door can fail, produced for real (a closed port, a name that cannot resolve, a CA we do not
/// trust, a tiny raw HTTP server for statuses and a body cut short), and the <see cref="FailureKind"/> it must become.
/// </summary>
public sealed class WebDavFailureTests(WebDavLakeFixture fixture) : IClassFixture<WebDavLakeFixture>
{
    [Theory]
    [InlineData("connection-refused", FailureKind.Connect)]
    [InlineData("unknown-host", FailureKind.Connect)]
    [InlineData("untrusted-ca", FailureKind.Tls)]
    [InlineData("401", FailureKind.Auth)]
    [InlineData("403", FailureKind.Auth)]
    [InlineData("404", FailureKind.NotFound)]
    [InlineData("500", FailureKind.ServerError)]
    [InlineData("503", FailureKind.ServerError)]
    [InlineData("507", FailureKind.NoSpace)]
    [InlineData("truncated", FailureKind.ProtocolError)]
    [InlineData("not-http", FailureKind.ProtocolError)]
    [InlineData("closed-without-answer", FailureKind.ProtocolError)]
    public async Task ReadAsync_FailingDoor_ThrowsStorageExceptionOfTheMappedKind(string failure, FailureKind expected)
    {
        await using var server = failure switch
        {
            "401" => RawHttpServer.Answering(RawHttpServer.Status(401, "Unauthorized")),
            "403" => RawHttpServer.Answering(RawHttpServer.Status(403, "Forbidden", "token rejected")),
            "404" => RawHttpServer.Answering(RawHttpServer.Status(404, "Not Found")),
            "500" => RawHttpServer.Answering(RawHttpServer.Status(500, "Internal Server Error")),
            "503" => RawHttpServer.Answering(RawHttpServer.Status(503, "Service Unavailable")),
            "507" => RawHttpServer.Answering(RawHttpServer.Status(507, "Insufficient Storage")),
            "truncated" => RawHttpServer.Answering("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n0123456789"),
            "not-http" => RawHttpServer.Answering("SSH-2.0-OpenSSH_9.2\r\n\r\n"),
            "closed-without-answer" => RawHttpServer.Answering(""),
            _ => null,
        };
        var (client, url) = failure switch
        {
            "connection-refused" => (new WebDavClient(StorageCredentials.None), new Uri($"http://127.0.0.1:{FreePorts.Next()}/lake/f")),
            "unknown-host" => (new WebDavClient(StorageCredentials.None), new Uri("https://no-such-host.invalid/lake/f")),
            // The system trust store alone does not know the lake's private CA.
            "untrusted-ca" => (new WebDavClient(StorageCredentials.None), new Uri(fixture.Lake.Rses[0].Https("/f"))),
            _ => (new WebDavClient(StorageCredentials.None), server!.Url("/lake/f")),
        };
        using var _ = client;
        var phases = new PhaseRecorder();

        var error = await Assert.ThrowsAsync<StorageException>(() => client.ReadAsync(url, Stream.Null, phases, CancellationToken.None));

        Assert.Equal(expected, error.Kind);
        Assert.Contains("GET " + url.GetLeftPart(UriPartial.Authority), error.Message, StringComparison.Ordinal);
        if (int.TryParse(failure, out var status))
        {
            Assert.Contains($"HTTP/1.1 {status} ", error.Message, StringComparison.Ordinal);
        }
        if (expected == FailureKind.Tls)
        {
            // Connected, then the handshake failed: both phases are there for the result.
            Assert.NotNull(phases[PhaseNames.Connect]);
            Assert.NotNull(phases[PhaseNames.Tls]);
        }
    }

    [Fact]
    public async Task ReadAsync_OnlyAnotherCaTrusted_ThrowsTls()
    {
        var caFile = ForeignCa.WritePemFile(TestDirectories.Create("foreign-ca"));
        using var client = new WebDavClient(new StorageCredentials(CaFile: caFile));

        var error = await Assert.ThrowsAsync<StorageException>(() =>
            client.ReadAsync(new Uri(fixture.Lake.Rses[0].Https("/f")), Stream.Null, new PhaseRecorder(), CancellationToken.None));

        Assert.Equal(FailureKind.Tls, error.Kind);
    }

    [Theory]
    [InlineData(403, FailureKind.Auth)]
    [InlineData(507, FailureKind.NoSpace)]
    [InlineData(413, FailureKind.NoSpace)]
    [InlineData(500, FailureKind.ServerError)]
    public async Task UploadAsync_ServerRefuses_ThrowsTheMappedKindWithMethodAndStatus(int status, FailureKind expected)
    {
        await using var server = RawHttpServer.Answering(RawHttpServer.Status(status, "No", "the server says no"));
        using var client = new WebDavClient(StorageCredentials.None);

        var error = await Assert.ThrowsAsync<StorageException>(() =>
            client.UploadAsync(server.Url("/lake/up.bin"), new MemoryStream(new byte[100]), new PhaseRecorder(), CancellationToken.None));

        Assert.Equal(expected, error.Kind);
        Assert.Contains($"PUT {server.Url("/lake/up.bin")}: HTTP/1.1 {status} No: the server says no", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChecksumAsync_ServerWithoutDigest_ThrowsProtocolError()
    {
        await using var server = RawHttpServer.Answering("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n");
        using var client = new WebDavClient(StorageCredentials.None);

        var error = await Assert.ThrowsAsync<StorageException>(() =>
            client.ChecksumAsync(server.Url("/lake/f"), "adler32", new PhaseRecorder(), CancellationToken.None));

        Assert.Equal(FailureKind.ProtocolError, error.Kind);
    }

    [Fact]
    public async Task CopyAsync_201WithAFailureLine_ThrowsTpcFailedNotSuccess()
    {
        const string body = "Perf Marker\nStripe Bytes Transferred: 10\nEnd\nfailure: Remote side failed with status code 500\n";
        await using var server = RawHttpServer.Answering($"HTTP/1.1 201 Created\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}");
        using var client = new WebDavClient(StorageCredentials.None);

        var error = await Assert.ThrowsAsync<StorageException>(() => client.CopyAsync(
            server.Url("/lake/src"), server.Url("/lake/dst"), new CopyOptions(Probes.Configuration.TpcMode.HttpPush), null, new PhaseRecorder(), CancellationToken.None));

        Assert.Equal(FailureKind.TpcFailed, error.Kind);
        Assert.Contains("failure: Remote side failed", error.Message, StringComparison.Ordinal);
        // The failed copy's leftover is removed (best effort) at the destination.
        Assert.Contains("DELETE /lake/dst HTTP/1.1", server.Requests);
    }

    [Fact]
    public async Task CopyAsync_201WhoseBodyEndsWithoutVerdict_ThrowsProtocolError()
    {
        const string body = "Perf Marker\nStripe Bytes Transferred: 10\nEnd\n";
        await using var server = RawHttpServer.Answering($"HTTP/1.1 201 Created\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}");
        using var client = new WebDavClient(StorageCredentials.None);

        var error = await Assert.ThrowsAsync<StorageException>(() => client.CopyAsync(
            server.Url("/lake/src"), server.Url("/lake/dst"), new CopyOptions(Probes.Configuration.TpcMode.HttpPush), null, new PhaseRecorder(), CancellationToken.None));

        Assert.Equal(FailureKind.ProtocolError, error.Kind);
    }

    /// <summary>
    /// The client has no timeout of its own (HttpClient.Timeout is infinite, no connect timeout): the caller's token
    /// is the one budget (CONVENTIONS.md §5). A server that accepts and never answers therefore surfaces as the
    /// caller's <see cref="OperationCanceledException"/>, promptly, and never as a StorageException; the probe turns it
    /// into `timeout`. The phases measured until then are kept.
    /// </summary>
    [Fact]
    public async Task ReadAsync_ServerNeverAnswers_CallerBudgetSurfacesAsOperationCanceled()
    {
        await using var server = RawHttpServer.Silent();
        using var client = new WebDavClient(StorageCredentials.None);
        using var budget = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        var phases = new PhaseRecorder();
        var watch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.ReadAsync(server.Url("/lake/f"), Stream.Null, phases, budget.Token));

        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(450), TimeSpan.FromSeconds(5));
        Assert.Equal(budget.Token, error.CancellationToken);
        Assert.Single(server.Requests);
        Assert.NotNull(phases[PhaseNames.Connect]);
        Assert.True(phases[PhaseNames.Request] >= TimeSpan.FromMilliseconds(400));
    }

    [Fact]
    public async Task CopyAsync_ServerStallsAfterAccepting_CallerBudgetSurfacesAsOperationCanceledAndLeftoverIsRemoved()
    {
        await using var server = RawHttpServer.Responding(
            head => head.StartsWith("COPY", StringComparison.Ordinal)
                ? "HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\nc\r\nPerf Marker\n\r\n"
                : RawHttpServer.Status(204, "No Content"),
            holdOpen: true);
        using var client = new WebDavClient(StorageCredentials.None);
        using var budget = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.CopyAsync(
            server.Url("/lake/src"), server.Url("/lake/dst"), new CopyOptions(Probes.Configuration.TpcMode.HttpPush), null, new PhaseRecorder(), budget.Token));

        Assert.Equal(["COPY /lake/src HTTP/1.1", "DELETE /lake/dst HTTP/1.1"], server.Requests);
    }
}
