using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Lakemon.Probes.Results;
using Lakemon.Probes.Tls;
using static Lakemon.Probes.Storage.XRootD.XRootDProtocol;

namespace Lakemon.Probes.Storage.XRootD;

/// <summary>
/// XRootD native third-party copy with the rendezvous of xrdcp --tpc (XrdClThirdPartyCopyJob.cc, XrdOucTPC.cc,
/// XrdOfsTPC.cc), in a different order: open the destination for writing with tpc.key/tpc.src/tpc.lfn CGI, open the
/// source for reading with tpc.key/tpc.dst (this registers the grant that authorises the destination), then kXR_sync
/// the destination once (the server starts its copy program, which opens the source with the same key) and again.
/// The second sync is answered kXR_waitresp and its real answer arrives as kXR_attn kXR_asynresp the moment the copy
/// ends — we wait on that answer directly, where XrdCl only looks at it every 2.5 s between progress polls.
/// <para>
/// Why the grant comes before the first sync: xrdcp opens the source after it, so the copy program often reaches the
/// source first. The source then parks that open (kXR_waitresp) until the grant arrives and releases it with
/// kXR_wait 0 (XrdXrootdCallBack.cc: an open that succeeds in a callback must be re-sent), and XrdCl's task manager
/// runs the re-send only on its next one-second tick (XrdClTaskManager.cc) — about 1 s lost per copy whenever copies
/// run in parallel. A grant registered first is simply found (XrdOfsTPCAuth::Get). A grant expires after tpc.ttl
/// seconds, so when the destination queues the job (more copies than its `ofs.tpc xfr` limit; the first sync is
/// then answered kXR_waitresp) the grant is withdrawn by closing the source and registered again once the copy starts.
/// The grant still names the key, our identity, the file and the destination host, and is used once, as with xrdcp.
/// </para>
/// </summary>
internal static class XRootDThirdPartyCopy
{
    private const ushort FileMode = ModeUserRead | ModeUserWrite | ModeGroupRead | ModeOtherRead;

    /// <summary>Requested grant lifetime: XrdOfsTPCConfig's default maxTTL, how long a parked copy program may wait.</summary>
    private const int GrantSeconds = 15;

    public static async Task<TransferResult> CopyAsync(XRootDLocation source, XRootDLocation destination, bool overwrite, IProgress<TransferProgress>? progress, CaTrust? trust, PhaseRecorder phases, CancellationToken cancellationToken)
    {
        await using var sourceSession = await XRootDSession.OpenAsync(source.Endpoint, trust, phases, cancellationToken);

        // A missing source is reported as such before any destination file exists.
        XRootDResponse statAnswer;
        using (phases.Start(PhaseNames.Stat))
        {
            statAnswer = await sourceSession.RequestOkAsync(XRootDRequest.Stat(source.Path, source.Opaque), "stat of the TPC source", cancellationToken);
        }
        var sourceStat = XRootDResponseParser.ParseStat(XRootDResponseParser.Text(statAnswer.Body));
        if (sourceStat.IsDirectory)
        {
            throw new StorageException(FailureKind.NotFound, $"TPC source {source.Path} is a directory");
        }

        await using var destinationSession = await XRootDSession.OpenAsync(destination.Endpoint, trust, phases, cancellationToken);
        var key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        // After redirects the sessions stand at the data servers; those are the parties of the rendezvous.
        var sourceServer = sourceSession.Connection.Endpoint;
        var destinationCgi = string.Create(CultureInfo.InvariantCulture,
            $"tpc.key={key}&tpc.src={sourceServer.HostPort}&tpc.lfn={source.Path}&tpc.spr={Scheme(sourceServer)}&tpc.tpr={Scheme(destination.Endpoint)}&tpc.dlgon=0&oss.asize={sourceStat.Size}&tpc.stage=copy");
        var options = (ushort)(OpenUpdate | OpenMakePath | (overwrite ? OpenDelete : OpenNew));
        uint destinationHandle;
        using (phases.Start(PhaseNames.Open))
        {
            var opened = await destinationSession.RequestOkAsync(XRootDRequest.Open(destination.Path, XRootDLocation.Join(destination.Opaque, destinationCgi), FileMode, options), "TPC open of the destination", cancellationToken);
            destinationHandle = XRootDResponseParser.ParseOpen(opened.Body).Handle;
        }

        var succeeded = false;
        uint? sourceHandle = null;
        try
        {
            // XrdOfsTPC matches tpc.dst against the name the source server gives the destination server's address
            // (XrdNetAddr::Name, a reverse lookup); xrdcp resolves it the same way (XrdOucTPC::cgiHost).
            var destinationName = await CanonicalNameAsync(destinationSession.Connection.Endpoint.Host, cancellationToken);
            // tpc.ttl: the grant now waits for the copy program instead of the program waiting for the grant, so it
            // asks for the lifetime a parked program would get (the server caps it at its `ofs.tpc ttl` maximum,
            // 15 s by default; XrdOfsTPC::getTTL) rather than the 7 s default, lest a slow program start expire it.
            var sourceCgi = string.Create(CultureInfo.InvariantCulture, $"tpc.key={key}&tpc.dst={destinationName}&tpc.ttl={GrantSeconds}&tpc.stage=copy");
            var sourceRequest = XRootDRequest.Open(source.Path, XRootDLocation.Join(source.Opaque, sourceCgi), 0, OpenRead);
            async Task<uint> GrantAsync()
            {
                using (phases.Start(PhaseNames.Open))
                {
                    var opened = await sourceSession.RequestOkAsync(sourceRequest, "TPC open of the source", cancellationToken);
                    return XRootDResponseParser.ParseOpen(opened.Body).Handle;
                }
            }

            sourceHandle = await GrantAsync();
            using (phases.Start(PhaseNames.TpcWait))
            {
                // Queued behind the destination's transfer limit: the job may start after the grant expired, and the
                // copy program would then be refused ("authorization expired"). Withdraw it while the job waits.
                await SyncAsync(destinationSession, destinationHandle, "TPC start", cancellationToken, async token =>
                {
                    await CloseAsync(sourceSession.Connection, sourceHandle!.Value, "withdrawal of the TPC grant", token);
                    sourceHandle = null;
                });
            }
            // After a withdrawal the job has started; its copy program may wait up to a second for this grant, as with
            // xrdcp — the price of a queue, paid only when there is one.
            sourceHandle ??= await GrantAsync();
            using (phases.Start(PhaseNames.TpcWait))
            {
                await SyncAsync(destinationSession, destinationHandle, "TPC copy", cancellationToken);
            }
            using (phases.Start(PhaseNames.Close))
            {
                await CloseAsync(sourceSession.Connection, sourceHandle.Value, "close of the TPC source", cancellationToken);
                sourceHandle = null;
                await CloseAsync(destinationSession.Connection, destinationHandle, "close of the TPC destination", cancellationToken);
            }
            succeeded = true;
            progress?.Report(new TransferProgress(sourceStat.Size, sourceStat.Size));
            return new TransferResult(sourceStat.Size, null);
        }
        finally
        {
            if (!succeeded && !cancellationToken.IsCancellationRequested)
            {
                await CleanUpAsync(sourceSession, sourceHandle, destinationSession, destinationHandle, destination);
            }
            // On cancellation the sessions are simply dropped: the server closes the files of a lost client, which
            // cancels the copy, and `ofs.tpc autorm` removes the partial destination.
        }
    }

    // tpc.spr/tpc.tpr name the protocols of source and target as xrdcp does (the URL schemes).
    private static string Scheme(XRootDEndpoint endpoint) => endpoint.Tls ? "roots" : "root";

    private static async Task SyncAsync(XRootDSession session, uint handle, string what, CancellationToken cancellationToken, Func<CancellationToken, Task>? whenDeferred = null)
    {
        var answer = await session.Connection.ExchangeAsync(XRootDRequest.ForHandle(Sync, handle), cancellationToken, whenDeferred);
        if (answer.Status == StatusError)
        {
            var error = XRootDResponseParser.ParseError(answer.Body);
            throw new StorageException(FailureKind.TpcFailed, $"{what}: kXR_error {error.Code}: {error.Message}");
        }
        XRootDSession.EnsureOk(answer, what);
    }

    private static async Task CloseAsync(XRootDConnection connection, uint handle, string what, CancellationToken cancellationToken) =>
        XRootDSession.EnsureOk(await connection.ExchangeAsync(XRootDRequest.ForHandle(Close, handle), cancellationToken), what);

    /// <summary>Best effort after a failure: close both files, then remove what the copy may have left.</summary>
    private static async Task CleanUpAsync(XRootDSession sourceSession, uint? sourceHandle, XRootDSession destinationSession, uint destinationHandle, XRootDLocation destination)
    {
        using var budget = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            if (sourceHandle is { } handle)
            {
                await sourceSession.Connection.ExchangeAsync(XRootDRequest.ForHandle(Close, handle), budget.Token);
            }
            await destinationSession.Connection.ExchangeAsync(XRootDRequest.ForHandle(Close, destinationHandle), budget.Token);
            await destinationSession.RequestAsync(XRootDRequest.Remove(destination.Path, destination.Opaque), budget.Token);
        }
        catch (Exception exception) when (exception is StorageException or IOException or SocketException or OperationCanceledException)
        {
            // The original failure is what the caller needs to see.
        }
    }

    /// <summary>
    /// The name an xrootd server gives a peer at <paramref name="host"/>, computed the way XrdNetAddr does it: on a
    /// dual-stack host IPv4 addresses are held IPv4-mapped, Name() is a reverse lookup of that address, and without a
    /// reverse entry it is the bracketed address — so 127.0.0.1 becomes "[::ffff:127.0.0.1]", exactly what xrdcp sends.
    /// </summary>
    internal static async Task<string> CanonicalNameAsync(string host, CancellationToken cancellationToken)
    {
        IPAddress address;
        try
        {
            var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
            if (addresses.Length == 0)
            {
                return host;
            }
            address = addresses[0];
        }
        catch (SocketException)
        {
            return host;
        }
        if (address.AddressFamily == AddressFamily.InterNetwork && Socket.OSSupportsIPv6)
        {
            address = address.MapToIPv6();
        }
        try
        {
            var entry = await Dns.GetHostEntryAsync(address).WaitAsync(cancellationToken);
            if (!string.IsNullOrEmpty(entry.HostName))
            {
                return entry.HostName;
            }
        }
        catch (SocketException)
        {
            // No reverse entry: xrootd formats the address itself.
        }
        return address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
    }
}
