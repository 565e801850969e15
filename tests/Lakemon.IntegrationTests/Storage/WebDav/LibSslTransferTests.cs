using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Lakemon.IntegrationTests.Support;
using Lakemon.Probes.Results;
using Lakemon.Probes.Storage;
using Lakemon.Probes.Storage.WebDav;

namespace Lakemon.IntegrationTests.Storage.WebDav;

/// <summary>
/// The libssl transfer paths against the real lake and against a TLS server of the test's own (the lake's host
/// certificate): it serves what it can, falls back to HttpClient for everything else, and never trusts what
/// HttpClient would refuse.
/// </summary>
public sealed class LibSslTransferTests : IClassFixture<WebDavLakeFixture>
{
    private readonly WebDavLakeFixture fixture;

    public LibSslTransferTests(WebDavLakeFixture fixture)
    {
        this.fixture = fixture;
        LibSslTransfers.Enable();
    }

    [Fact]
    public async Task TryOpen_LakeFileWithItsCa_ReadsTheBodyThroughLibssl()
    {
        var (file, bytes, _) = fixture.RandomFile(3_000_017);
        var url = new Uri(fixture.Lake.Rses[0].Https($"/{WebDavLakeFixture.RandomName("libssl")}.bin"));
        await fixture.Client.UploadAsync(url, File.OpenRead(file), new PhaseRecorder(), CancellationToken.None);
        using var get = new LibSslTransfer(new StorageCredentials(CaDirectory: fixture.Lake.CaDirectory));
        var phases = new PhaseRecorder();

        var opened = get.TryOpen(url, phases, CancellationToken.None);

        Assert.NotNull(opened);
        await using var body = opened.Value.Body;
        var copy = new MemoryStream();
        await body.CopyToAsync(copy);
        Assert.Equal(bytes.Length, opened.Value.Length);
        Assert.Equal(bytes, copy.ToArray());
        Assert.NotNull(phases[PhaseNames.Connect]);
        Assert.NotNull(phases[PhaseNames.Tls]);
        Assert.NotNull(phases[PhaseNames.Request]);
    }

    [Fact]
    public async Task TryOpen_OnlyTheSystemStore_FallsBackWithoutPhases()
    {
        using var get = new LibSslTransfer(StorageCredentials.None);
        var phases = new PhaseRecorder();

        var opened = get.TryOpen(new Uri(fixture.Lake.Rses[0].Https("/anything")), phases, CancellationToken.None);

        Assert.Null(opened);
        Assert.Empty(phases.Snapshot());
    }

    [Fact]
    public async Task TryOpen_MissingFile_FallsBack()
    {
        using var get = new LibSslTransfer(new StorageCredentials(CaDirectory: fixture.Lake.CaDirectory));

        var opened = get.TryOpen(new Uri(fixture.Lake.Rses[0].Https($"/{WebDavLakeFixture.RandomName("none")}")), new PhaseRecorder(), CancellationToken.None);

        Assert.Null(opened);
    }

    [Fact]
    public async Task ReadAsync_CertificateWithoutTheName_FallsBackAndFailsAsTls()
    {
        // The host certificate names localhost, 127.0.0.1 and ::1: served on 127.0.0.2 it is a wrong certificate.
        await using var server = await TlsServer.StartAsync(fixture.Lake, IPAddress.Parse("127.0.0.2"), "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        var credentials = new StorageCredentials(CaDirectory: fixture.Lake.CaDirectory);
        using var get = new LibSslTransfer(credentials);
        using var client = new WebDavClient(credentials);

        var opened = get.TryOpen(server.Url, new PhaseRecorder(), CancellationToken.None);
        var error = await Assert.ThrowsAsync<StorageException>(() => client.ReadAsync(server.Url, Stream.Null, new PhaseRecorder(), CancellationToken.None));

        Assert.Null(opened);
        Assert.Equal(FailureKind.Tls, error.Kind);
    }

    [Fact]
    public async Task ReadAsync_BodyCutShortOverTls_ThrowsProtocolError()
    {
        await using var server = await TlsServer.StartAsync(fixture.Lake, IPAddress.Loopback, "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n0123456789");
        using var client = new WebDavClient(new StorageCredentials(CaDirectory: fixture.Lake.CaDirectory));

        var error = await Assert.ThrowsAsync<StorageException>(() => client.ReadAsync(server.Url, Stream.Null, new PhaseRecorder(), CancellationToken.None));

        Assert.Equal(FailureKind.ProtocolError, error.Kind);
        Assert.StartsWith($"GET {server.Url}: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("1000", error.Message, StringComparison.Ordinal);
        // One connection: the libssl path took the 200 and owned the failure; nothing was asked twice.
        Assert.Equal(1, server.Connections);
    }

    [Fact]
    public async Task ReadAsync_BodyStallsOverTls_EndsWhenTheCallerCancels()
    {
        await using var server = await TlsServer.StartAsync(fixture.Lake, IPAddress.Loopback, "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n0123", stall: true);
        using var client = new WebDavClient(new StorageCredentials(CaDirectory: fixture.Lake.CaDirectory));
        using var budget = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));

        var read = client.ReadAsync(server.Url, Stream.Null, new PhaseRecorder(), budget.Token);

        // The guard only keeps a broken build from hanging the suite; the read itself ends with the budget.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => read.WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.Equal(1, server.Connections);
    }

    [Fact]
    public async Task TryPut_LakeWithItsCa_StoresTheBytesThroughLibssl()
    {
        var (file, bytes, adler) = fixture.RandomFile(2_500_003);
        var name = $"/{WebDavLakeFixture.RandomName("libssl-put")}.bin";
        using var transfer = new LibSslTransfer(new StorageCredentials(CaDirectory: fixture.Lake.CaDirectory));
        await using var source = File.OpenRead(file);
        var phases = new PhaseRecorder();

        var answer = transfer.TryPut(new Uri(fixture.Lake.Rses[0].Https(name)), source, bytes.Length, phases, CancellationToken.None);

        Assert.NotNull(answer);
        Assert.InRange(answer.Status, 200, 299);
        Assert.Equal(bytes.Length, answer.Sent.Bytes);
        Assert.Equal(adler, answer.Sent.Adler32);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(fixture.Lake.Rses[0].OnDisk(name)));
        Assert.NotNull(phases[PhaseNames.Tls]);
        Assert.NotNull(phases[PhaseNames.Transfer]);
    }

    [Fact]
    public async Task UploadAsync_TlsDoorRefuses_ThrowsTheMappedKindWithStatusAndExplanation()
    {
        await using var server = await TlsServer.StartAsync(fixture.Lake, IPAddress.Loopback, "HTTP/1.1 507 Insufficient Storage\r\nContent-Length: 13\r\n\r\nno more\r\nroom");
        using var client = new WebDavClient(new StorageCredentials(CaDirectory: fixture.Lake.CaDirectory));

        var error = await Assert.ThrowsAsync<StorageException>(() =>
            client.UploadAsync(server.Url, new MemoryStream(new byte[100_000]), new PhaseRecorder(), CancellationToken.None));

        Assert.Equal(FailureKind.NoSpace, error.Kind);
        Assert.Equal($"PUT {server.Url}: HTTP/1.1 507 Insufficient Storage: no more room", error.Message);
        Assert.Equal(1, server.Connections);
    }

    /// <summary>Answers every connection, once its request is in, with the same bytes over TLS (the lake's host
    /// certificate), then closes it.</summary>
    private sealed class TlsServer : IAsyncDisposable
    {
        private readonly TcpListener _listener;
        private readonly X509Certificate2 _certificate;
        private readonly byte[] _answer;
        private readonly Task _serving;
        private int _connections;

        private readonly bool _stall;
        private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);

        private TlsServer(TcpListener listener, X509Certificate2 certificate, string answer, bool stall)
        {
            _listener = listener;
            _certificate = certificate;
            _answer = Encoding.ASCII.GetBytes(answer);
            _stall = stall;
            _serving = Task.Run(ServeAsync);
        }

        public Uri Url => new($"https://{((IPEndPoint)_listener.LocalEndpoint).Address}:{((IPEndPoint)_listener.LocalEndpoint).Port}/lake/f");

        public int Connections => Volatile.Read(ref _connections);

        /// <param name="stall">Keep the connection open after the answer, sending nothing more, until disposed.</param>
        public static Task<TlsServer> StartAsync(RunningLake lake, IPAddress address, string answer, bool stall = false)
        {
            var tls = Path.Combine(lake.Directory, "tls");
            var certificate = X509Certificate2.CreateFromPemFile(Path.Combine(tls, "host.pem"), Path.Combine(tls, "host.key"));
            var listener = new TcpListener(address, 0);
            listener.Start();
            return Task.FromResult(new TlsServer(listener, certificate, answer, stall));
        }

        public async ValueTask DisposeAsync()
        {
            _stopped.TrySetResult();
            _listener.Stop();
            await _serving.ContinueWith(_ => { }, TaskScheduler.Default);
            _certificate.Dispose();
        }

        private async Task ServeAsync()
        {
            while (true)
            {
                using var connection = await _listener.AcceptTcpClientAsync();
                try
                {
                    await using var tls = new SslStream(connection.GetStream());
                    await tls.AuthenticateAsServerAsync(_certificate);
                    Interlocked.Increment(ref _connections);
                    var head = new byte[4096];
                    var filled = 0;
                    while (filled < head.Length && !Encoding.ASCII.GetString(head, 0, filled).Contains("\r\n\r\n", StringComparison.Ordinal))
                    {
                        var read = await tls.ReadAsync(head.AsMemory(filled));
                        if (read == 0)
                        {
                            break;
                        }
                        filled += read;
                    }
                    // Take the whole request body first, so that the answer is not lost to a reset.
                    var text = Encoding.ASCII.GetString(head, 0, filled);
                    var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4;
                    var marker = text.IndexOf("Content-Length: ", StringComparison.OrdinalIgnoreCase);
                    var body = marker < 0 ? 0 : long.Parse(text[(marker + 16)..text.IndexOf('\r', marker)], System.Globalization.CultureInfo.InvariantCulture);
                    for (var left = body - (filled - end); left > 0;)
                    {
                        var read = await tls.ReadAsync(head);
                        if (read == 0)
                        {
                            break;
                        }
                        left -= read;
                    }
                    await tls.WriteAsync(_answer);
                    if (_stall)
                    {
                        await _stopped.Task;
                    }
                }
                catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException)
                {
                    // A client that gave up on the certificate: the next one may still come.
                }
            }
        }
    }
}
