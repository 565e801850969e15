using Lakemon.Probes.Configuration;
using Lakemon.Probes.Results;
using Lakemon.Probes.Tls;
using static Lakemon.Probes.Storage.XRootD.XRootDProtocol;

namespace Lakemon.Probes.Storage.XRootD;

/// <summary>
/// A native XRootD client (no xrdcp or libXrdCl underneath) for root:// and roots:// doors: anonymous login, TLS when
/// asked for, redirects, kXR_wait/kXR_waitresp, pipelined reads and writes, XRootD native third-party copy. Each
/// call opens its own connection (one socket per file) and closes it when done.
/// </summary>
public sealed class XRootDClient : IStorageClient
{
    private const ushort FileMode = ModeUserRead | ModeUserWrite | ModeGroupRead | ModeOtherRead;
    private const ushort DirectoryMode = ModeUserRead | ModeUserWrite | ModeUserExecute | ModeGroupRead | ModeGroupExecute | ModeOtherRead | ModeOtherExecute;

    /// <summary>How many kXR_redirect hops one request may take before the client calls it a loop.</summary>
    public const int MaxRedirects = 8;

    private readonly CaTrust? _trust;

    /// <param name="credentials">The CA directory/file that validates roots:// servers (null: the system store).
    /// Token and client certificate are not used: this client logs in anonymously.</param>
    public XRootDClient(StorageCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        _trust = CaTrust.From(credentials.CaDirectory, credentials.CaFile);
    }

    public IReadOnlyList<string> Schemes { get; } = [ProtocolSchemes.Root, ProtocolSchemes.Roots];

    public IReadOnlyList<TpcMode> TpcModes { get; } = [TpcMode.Root];

    public Task<TransferResult> UploadAsync(Uri url, Stream source, PhaseRecorder phases, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        return RunAsync(url, phases, cancellationToken, async (location, session) =>
        {
            // xrdcp opens uploads with kXR_delete|kXR_open_updt (replace) and kXR_mkpath (parents).
            var handle = await OpenAsync(session, location, FileMode, OpenDelete | OpenUpdate | OpenMakePath, phases, cancellationToken);
            TransferResult result;
            using (phases.Start(PhaseNames.Transfer))
            {
                result = await XRootDFileTransfer.WriteAsync(session.Connection, handle.Handle, source, cancellationToken);
            }
            await CloseAsync(session, handle.Handle, phases, cancellationToken);
            await EnsureStoredAsync(session, location, result.Bytes, phases, cancellationToken);
            return result;
        });
    }

    /// <summary>
    /// XRootD 5.5 acknowledges a kXR_write whose disk write came up short (it only treats a negative result as an
    /// error), so a full disk truncates the file silently; xrdcp escapes this through kXR_pgwrite. One kXR_stat after
    /// the close tells, and the space query says whether the missing bytes are a full disk.
    /// </summary>
    private static async Task EnsureStoredAsync(XRootDSession session, XRootDLocation location, long sent, PhaseRecorder phases, CancellationToken cancellationToken)
    {
        long stored;
        using (phases.Start(PhaseNames.Stat))
        {
            var answer = await session.RequestOkAsync(XRootDRequest.Stat(location.Path, location.Opaque), "kXR_stat after upload", cancellationToken);
            stored = XRootDResponseParser.ParseStat(XRootDResponseParser.Text(answer.Body)).Size;
        }
        if (stored == sent)
        {
            return;
        }
        var space = await session.RequestAsync(XRootDRequest.QueryPath(QuerySpace, location.Path, location.Opaque), cancellationToken);
        var free = space.Status == StatusOk ? XRootDResponseParser.ParseFreeSpace(XRootDResponseParser.Text(space.Body)) : null;
        var message = $"the server acknowledged {sent} bytes but stored {stored} of them at {location.Path}";
        throw free is { } bytes && bytes < sent - stored
            ? new StorageException(FailureKind.NoSpace, $"{message}; no space left ({bytes} bytes free)")
            : new StorageException(FailureKind.ServerError, message);
    }

    public Task<StorageStat> StatAsync(Uri url, PhaseRecorder phases, CancellationToken cancellationToken) =>
        RunAsync(url, phases, cancellationToken, async (location, session) =>
        {
            XRootDResponse answer;
            using (phases.Start(PhaseNames.Stat))
            {
                answer = await session.RequestAsync(XRootDRequest.Stat(location.Path, location.Opaque), cancellationToken);
            }
            if (answer.Status == StatusError && XRootDResponseParser.ParseError(answer.Body).Code == ErrorNotFound)
            {
                return StorageStat.Missing;
            }
            return XRootDResponseParser.ParseStat(XRootDResponseParser.Text(XRootDSession.EnsureOk(answer, "kXR_stat").Body));
        });

    public Task<string> ChecksumAsync(Uri url, string algorithm, PhaseRecorder phases, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(algorithm);
        return RunAsync(url, phases, cancellationToken, async (location, session) =>
        {
            XRootDResponse answer;
            using (phases.Start(PhaseNames.Checksum))
            {
                // cks.type picks the algorithm when the server computes several (XrdOfs "Checksum" via CGI).
                var request = XRootDRequest.QueryPath(QueryChecksum, location.Path, XRootDLocation.Join(location.Opaque, $"cks.type={algorithm}"));
                answer = await session.RequestOkAsync(request, "kXR_query checksum", cancellationToken);
            }
            var (name, value) = XRootDResponseParser.ParseChecksum(XRootDResponseParser.Text(answer.Body));
            if (!string.Equals(name, algorithm, StringComparison.OrdinalIgnoreCase))
            {
                throw new StorageException(FailureKind.ProtocolError, $"asked for {algorithm}, the server answered with {name}");
            }
            return value;
        });
    }

    public Task<TransferResult> ReadAsync(Uri url, Stream destination, PhaseRecorder phases, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        return RunAsync(url, phases, cancellationToken, async (location, session) =>
        {
            // kXR_retstat returns the size with the handle, so reads never go past the end of the file.
            var handle = await OpenAsync(session, location, 0, OpenRead | OpenReturnStat, phases, cancellationToken);
            if (handle.Stat is { IsDirectory: true })
            {
                throw new StorageException(FailureKind.NotFound, $"{location.Path} is a directory");
            }
            TransferResult result;
            using (phases.Start(PhaseNames.Transfer))
            {
                result = await XRootDFileTransfer.ReadAsync(session.Connection, handle.Handle, handle.Stat?.Size, destination, cancellationToken);
            }
            await CloseAsync(session, handle.Handle, phases, cancellationToken);
            return result;
        });
    }

    /// <summary>kXR_rm first, because files are what probes delete: xrootd's own storage layer (XrdOssSys::Unlink)
    /// also removes an empty directory that way. Servers that refuse kXR_rm on a directory answer kXR_isDirectory (or
    /// kXR_NotFile); then kXR_rmdir on the same connection. Stat first would cost every file delete a round trip.</summary>
    public Task DeleteAsync(Uri url, PhaseRecorder phases, CancellationToken cancellationToken) =>
        RunAsync(url, phases, cancellationToken, async (location, session) =>
        {
            using (phases.Start(PhaseNames.Delete))
            {
                var answer = await session.RequestAsync(XRootDRequest.Remove(location.Path, location.Opaque), cancellationToken);
                if (answer.Status == StatusError && XRootDResponseParser.ParseError(answer.Body).Code is ErrorIsDirectory or ErrorNotFile)
                {
                    return await session.RequestOkAsync(XRootDRequest.RemoveDirectory(location.Path, location.Opaque), "kXR_rmdir", cancellationToken);
                }
                return XRootDSession.EnsureOk(answer, "kXR_rm");
            }
        });

    public Task<IReadOnlyList<StorageEntry>> ListAsync(Uri url, PhaseRecorder phases, CancellationToken cancellationToken) =>
        RunAsync(url, phases, cancellationToken, async (location, session) =>
        {
            using (phases.Start(PhaseNames.List))
            {
                // kXR_dstat asks for "name\nstat" pairs; a server that ignores it answers names only, which the parser
                // recognises by the missing ".\n0 0 0 0" lead-in.
                var answer = await session.RequestOkAsync(XRootDRequest.DirectoryList(location.Path, location.Opaque, DirlistStat), "kXR_dirlist", cancellationToken);
                return XRootDResponseParser.ParseDirectoryList(XRootDResponseParser.MultiPartText(answer.Body));
            }
        });

    public Task MakeDirectoryAsync(Uri url, bool parents, PhaseRecorder phases, CancellationToken cancellationToken) =>
        RunAsync(url, phases, cancellationToken, async (location, session) =>
        {
            using (phases.Start(PhaseNames.Mkdir))
            {
                var answer = await session.RequestAsync(XRootDRequest.MakeDirectory(location.Path, location.Opaque, parents, DirectoryMode), cancellationToken);
                if (answer.Status == StatusError && XRootDResponseParser.ParseError(answer.Body).Code == ErrorItExists)
                {
                    // An existing directory is fine; an existing file of that name is not.
                    var stat = await session.RequestOkAsync(XRootDRequest.Stat(location.Path, location.Opaque), "kXR_stat", cancellationToken);
                    if (XRootDResponseParser.ParseStat(XRootDResponseParser.Text(stat.Body)).IsDirectory)
                    {
                        return answer;
                    }
                }
                return XRootDSession.EnsureOk(answer, "kXR_mkdir");
            }
        });

    public Task<TransferResult> CopyAsync(Uri source, Uri destination, CopyOptions options, IProgress<TransferProgress>? progress, PhaseRecorder phases, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(phases);
        if (options.Mode != TpcMode.Root)
        {
            throw new ArgumentException($"XRootD does third-party copy in mode root only, not {options.Mode}", nameof(options));
        }
        var from = XRootDLocation.Parse(source);
        var to = XRootDLocation.Parse(destination);
        return GuardAsync(cancellationToken, () => XRootDThirdPartyCopy.CopyAsync(from, to, options.Overwrite, progress, _trust, phases, cancellationToken));
    }

    private async Task<T> RunAsync<T>(Uri url, PhaseRecorder phases, CancellationToken cancellationToken, Func<XRootDLocation, XRootDSession, Task<T>> operation)
    {
        ArgumentNullException.ThrowIfNull(phases);
        var location = XRootDLocation.Parse(url);
        if (location.Endpoint.Tls)
        {
            SystemTrustStore.WarmUp();
        }
        return await GuardAsync(cancellationToken, async () =>
        {
            await using var session = await XRootDSession.OpenAsync(location.Endpoint, _trust, phases, cancellationToken);
            return await operation(location, session);
        });
    }

    /// <summary>Transport exceptions become <see cref="StorageException"/> through <see cref="NetworkFailures"/>;
    /// the caller's cancellation stays <see cref="OperationCanceledException"/> (IStorageClient contract).</summary>
    private static async Task<T> GuardAsync<T>(CancellationToken cancellationToken, Func<Task<T>> operation)
    {
        try
        {
            return await operation();
        }
        catch (Exception exception) when (exception is not StorageException && NetworkFailures.Classify(exception) is { } kind)
        {
            // An IOException of the caller's own stream (no socket inside) is not ours to classify and passes through.
            cancellationToken.ThrowIfCancellationRequested();
            throw new StorageException(kind, $"XRootD transport failure: {exception.Message}", exception);
        }
    }

    private static async Task<(uint Handle, StorageStat? Stat)> OpenAsync(XRootDSession session, XRootDLocation location, ushort mode, int options, PhaseRecorder phases, CancellationToken cancellationToken)
    {
        using (phases.Start(PhaseNames.Open))
        {
            var answer = await session.RequestOkAsync(XRootDRequest.Open(location.Path, location.Opaque, mode, (ushort)options), "kXR_open", cancellationToken);
            return XRootDResponseParser.ParseOpen(answer.Body);
        }
    }

    private static async Task CloseAsync(XRootDSession session, uint handle, PhaseRecorder phases, CancellationToken cancellationToken)
    {
        using (phases.Start(PhaseNames.Close))
        {
            XRootDSession.EnsureOk(await session.Connection.ExchangeAsync(XRootDRequest.ForHandle(Close, handle), cancellationToken), "kXR_close");
        }
    }
}
