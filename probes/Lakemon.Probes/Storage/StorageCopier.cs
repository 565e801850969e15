using System.Diagnostics;
using System.IO.Pipelines;
using Lakemon.Probes.Configuration;
using Lakemon.Probes.Results;
using Lakemon.Probes.Storage.Local;

namespace Lakemon.Probes.Storage;

/// <summary>How a copy was carried out.</summary>
public enum CopyRoute
{
    Upload,
    Download,
    Local,
    ThirdParty,
    Streamed,
}

/// <summary>The outcome of <see cref="StorageCopier.CopyAsync"/>; <see cref="Adler32"/> is the verified checksum when
/// verification ran.</summary>
public sealed record CopyOutcome(CopyRoute Route, TpcMode? Mode, long Bytes, TimeSpan Elapsed, string? Adler32, bool Verified);

/// <summary>
/// gfal-copy semantics over the registered clients: local↔remote by upload/download, remote↔remote by third-party
/// copy in the requested (or natural) mode, or streamed through lakemon when the protocols share no TPC mode. Every
/// write is verified by adler32 against what the destination server computes (DESIGN.md §1), unless told not to.
/// </summary>
public sealed class StorageCopier(Func<Uri, StorageCredentials> credentials)
{
    public async Task<CopyOutcome> CopyAsync(Uri source, Uri destination, TpcMode? mode, bool stream, bool verify,
        IProgress<TransferProgress>? progress, PhaseRecorder phases, CancellationToken cancellationToken)
    {
        var sourceClient = StorageClientRegistry.For(source, credentials(source));
        var destinationClient = StorageClientRegistry.For(destination, credentials(destination));
        var clock = Stopwatch.StartNew();
        CopyRoute route;
        TransferResult result;
        TpcMode? usedMode = null;
        string? expected;

        if (StorageUrl.IsLocal(source) != StorageUrl.IsLocal(destination))
        {
            // Straight between the local file and the remote client: no pipe, one checksum pass, and a seekable source
            // lets WebDAV send Content-Length.
            route = StorageUrl.IsLocal(source) ? CopyRoute.Upload : CopyRoute.Download;
            result = route == CopyRoute.Upload
                ? await UploadFileAsync(destinationClient, source.LocalPath, destination, progress, phases, cancellationToken)
                : await DownloadFileAsync(sourceClient, source, destination.LocalPath, progress, phases, cancellationToken);
            expected = result.Adler32;
        }
        else if (StorageUrl.IsLocal(source) || stream || (mode is null && NaturalMode(sourceClient, destinationClient) is null))
        {
            route = StorageUrl.IsLocal(source) ? CopyRoute.Local : CopyRoute.Streamed;
            result = await StreamAsync(sourceClient, source, destinationClient, destination, progress, phases, cancellationToken);
            expected = result.Adler32;
        }
        else
        {
            route = CopyRoute.ThirdParty;
            usedMode = mode ?? NaturalMode(sourceClient, destinationClient);
            // Pull and root TPC are driven by the destination, push by the source (DESIGN.md §1).
            var active = usedMode == TpcMode.HttpPush ? sourceClient : destinationClient;
            if (!active.TpcModes.Contains(usedMode!.Value))
            {
                throw new StorageException(FailureKind.ProbeError, $"{source.Scheme}→{destination.Scheme} cannot do TPC mode {TpcModeNames.ToWire(usedMode.Value)}");
            }
            expected = verify ? await sourceClient.ChecksumAsync(source, "adler32", phases, cancellationToken) : null;
            result = await active.CopyAsync(source, destination, new CopyOptions(usedMode.Value, credentials(usedMode == TpcMode.HttpPush ? destination : source)), progress, phases, cancellationToken);
        }

        var verified = false;
        if (verify && expected is not null && !StorageUrl.IsLocal(destination))
        {
            var actual = await destinationClient.ChecksumAsync(destination, "adler32", phases, cancellationToken);
            if (!string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase))
            {
                throw new StorageException(FailureKind.ChecksumMismatch, $"adler32 at {destination} is {actual}, expected {expected}");
            }
            verified = true;
        }
        return new CopyOutcome(route, usedMode, result.Bytes, clock.Elapsed, expected, verified);
    }

    private static async Task<TransferResult> UploadFileAsync(IStorageClient client, string path, Uri destination,
        IProgress<TransferProgress>? progress, PhaseRecorder phases, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using var source = progress is null ? (Stream)file : new ProgressReadStream(file, progress, file.Length);
        return await client.UploadAsync(destination, source, phases, cancellationToken);
    }

    private static async Task<TransferResult> DownloadFileAsync(IStorageClient client, Uri source, string path,
        IProgress<TransferProgress>? progress, PhaseRecorder phases, CancellationToken cancellationToken)
    {
        long? total = progress is null ? null : (await client.StatAsync(source, phases, cancellationToken)).Size;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await using var file = new ReplacingFileStream(path);
        await using var destination = progress is null ? (Stream)file : new ProgressStream(file, progress, total);
        return await client.ReadAsync(source, destination, phases, cancellationToken);
    }

    /// <summary>Same protocol family on both ends: XRootD's own TPC for root, pull for WebDAV (what FTS prefers).</summary>
    public static TpcMode? NaturalMode(IStorageClient source, IStorageClient destination)
    {
        if (source.TpcModes.Contains(TpcMode.Root) && destination.TpcModes.Contains(TpcMode.Root))
        {
            return TpcMode.Root;
        }
        if (destination.TpcModes.Contains(TpcMode.HttpPull) && source.TpcModes.Contains(TpcMode.HttpPull))
        {
            return TpcMode.HttpPull;
        }
        return null;
    }

    private static async Task<TransferResult> StreamAsync(IStorageClient sourceClient, Uri source, IStorageClient destinationClient, Uri destination,
        IProgress<TransferProgress>? progress, PhaseRecorder phases, CancellationToken cancellationToken)
    {
        // Reader and writer run concurrently through a bounded pipe, so memory stays flat whatever the file size.
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 16 * 1024 * 1024, resumeWriterThreshold: 8 * 1024 * 1024));
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var total = await TryStatSizeAsync(sourceClient, source, phases, cancellationToken);
        var read = Task.Run(async () =>
        {
            try
            {
                await using var writer = new ProgressStream(pipe.Writer.AsStream(), progress, total);
                return await sourceClient.ReadAsync(source, writer, phases, linked.Token);
            }
            catch (Exception e)
            {
                await pipe.Writer.CompleteAsync(e);
                linked.Cancel();
                throw;
            }
        }, linked.Token);
        var write = Task.Run(async () =>
        {
            try
            {
                await using var reader = pipe.Reader.AsStream();
                return await destinationClient.UploadAsync(destination, reader, phases, linked.Token);
            }
            catch (Exception e)
            {
                await pipe.Reader.CompleteAsync(e);
                linked.Cancel();
                throw;
            }
        }, linked.Token);
        try
        {
            await Task.WhenAll(read, write);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // One side failed and cancelled the other: report the side that failed first, not the cancellation.
            var failed = read.IsFaulted ? read : write;
            await failed;
            throw;
        }
        var sent = await read;
        var stored = await write;
        if (sent.Bytes != stored.Bytes || sent.Adler32 != stored.Adler32)
        {
            throw new StorageException(FailureKind.ChecksumMismatch, $"read {sent.Bytes} bytes (adler32 {sent.Adler32}) but wrote {stored.Bytes} (adler32 {stored.Adler32})");
        }
        return stored;
    }

    private static async Task<long?> TryStatSizeAsync(IStorageClient client, Uri url, PhaseRecorder phases, CancellationToken cancellationToken)
    {
        var stat = await client.StatAsync(url, phases, cancellationToken);
        if (!stat.Exists)
        {
            throw new StorageException(FailureKind.NotFound, $"{url}: no such file");
        }
        return stat.IsDirectory ? throw new StorageException(FailureKind.ProbeError, $"{url} is a directory") : stat.Size;
    }
}
