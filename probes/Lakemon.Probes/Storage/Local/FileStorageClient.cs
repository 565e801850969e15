using Lakemon.Probes.Checksums;
using Lakemon.Probes.Configuration;
using Lakemon.Probes.Results;

namespace Lakemon.Probes.Storage.Local;

/// <summary>
/// file:// storage: local disks and FUSE-mounted storage (CephFS, EOS fusex, CVMFS...). Writes are flushed to the
/// device before they count as done, because a FUSE mount that acknowledges a write and loses it on close is exactly
/// the failure a probe must see.
/// </summary>
public sealed class FileStorageClient : IStorageClient
{
    public IReadOnlyList<string> Schemes { get; } = [ProtocolSchemes.File];

    public IReadOnlyList<TpcMode> TpcModes { get; } = [];

    public Task<TransferResult> UploadAsync(Uri url, Stream source, PhaseRecorder phases, CancellationToken cancellationToken) =>
        GuardAsync("upload", url, async () =>
        {
            var path = LocalPath(url);
            FileStream target;
            using (phases.Start(PhaseNames.Open))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                target = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous);
            }
            await using (target)
            {
                TransferResult result;
                using (phases.Start(PhaseNames.Transfer))
                {
                    result = await ChecksummingCopy.CopyAsync(source, target, cancellationToken);
                }
                using (phases.Start(PhaseNames.Close))
                {
                    target.Flush(flushToDisk: true);
                }
                return result;
            }
        });

    public Task<StorageStat> StatAsync(Uri url, PhaseRecorder phases, CancellationToken cancellationToken) =>
        GuardAsync("stat", url, () =>
        {
            using var scope = phases.Start(PhaseNames.Stat);
            var path = LocalPath(url);
            if (Directory.Exists(path))
            {
                return Task.FromResult(new StorageStat(true, 0, Directory.GetLastWriteTimeUtc(path), true));
            }
            var file = new FileInfo(path);
            return Task.FromResult(file.Exists ? new StorageStat(true, file.Length, file.LastWriteTimeUtc, false) : StorageStat.Missing);
        });

    /// <summary>There is no server: the "server-side" checksum is computed here from the stored bytes.</summary>
    public Task<string> ChecksumAsync(Uri url, string algorithm, PhaseRecorder phases, CancellationToken cancellationToken) =>
        GuardAsync("checksum", url, async () =>
        {
            if (!string.Equals(algorithm, "adler32", StringComparison.OrdinalIgnoreCase))
            {
                throw new StorageException(FailureKind.ProbeError, $"file:// supports adler32 only, not {algorithm}");
            }
            using var scope = phases.Start(PhaseNames.Checksum);
            await using var stream = OpenRead(LocalPath(url));
            return (await ChecksummingCopy.CopyAsync(stream, Stream.Null, cancellationToken)).Adler32!;
        });

    public Task<TransferResult> ReadAsync(Uri url, Stream destination, PhaseRecorder phases, CancellationToken cancellationToken) =>
        GuardAsync("read", url, async () =>
        {
            FileStream stream;
            using (phases.Start(PhaseNames.Open))
            {
                stream = OpenRead(LocalPath(url));
            }
            await using (stream)
            {
                using var scope = phases.Start(PhaseNames.Transfer);
                return await ChecksummingCopy.CopyAsync(stream, destination, cancellationToken);
            }
        });

    public Task DeleteAsync(Uri url, PhaseRecorder phases, CancellationToken cancellationToken) =>
        GuardAsync("delete", url, () =>
        {
            using var scope = phases.Start(PhaseNames.Delete);
            var path = LocalPath(url);
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: false);
            }
            else if (File.Exists(path))
            {
                File.Delete(path);
            }
            else
            {
                throw new StorageException(FailureKind.NotFound, $"delete {url}: no such file or directory");
            }
            return Task.FromResult(true);
        });

    public Task<IReadOnlyList<StorageEntry>> ListAsync(Uri url, PhaseRecorder phases, CancellationToken cancellationToken) =>
        GuardAsync("list", url, () =>
        {
            using var scope = phases.Start(PhaseNames.List);
            var directory = new DirectoryInfo(LocalPath(url));
            if (!directory.Exists)
            {
                throw new StorageException(FailureKind.NotFound, $"list {url}: no such directory");
            }
            IReadOnlyList<StorageEntry> entries = directory.EnumerateFileSystemInfos()
                .Select(e => e is FileInfo f
                    ? new StorageEntry(f.Name, false, f.Length, f.LastWriteTimeUtc)
                    : new StorageEntry(e.Name, true, null, e.LastWriteTimeUtc))
                .OrderBy(e => e.Name, StringComparer.Ordinal)
                .ToList();
            return Task.FromResult(entries);
        });

    public Task MakeDirectoryAsync(Uri url, bool parents, PhaseRecorder phases, CancellationToken cancellationToken) =>
        GuardAsync("mkdir", url, () =>
        {
            using var scope = phases.Start(PhaseNames.Mkdir);
            var path = LocalPath(url);
            if (!parents && !Directory.Exists(Path.GetDirectoryName(path)))
            {
                throw new StorageException(FailureKind.NotFound, $"mkdir {url}: parent directory does not exist");
            }
            Directory.CreateDirectory(path);
            return Task.FromResult(true);
        });

    public Task<TransferResult> CopyAsync(Uri source, Uri destination, CopyOptions options, IProgress<TransferProgress>? progress, PhaseRecorder phases, CancellationToken cancellationToken) =>
        throw new StorageException(FailureKind.ProbeError, "file:// has no third-party copy");

    private static FileStream OpenRead(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);

    private static string LocalPath(Uri url) =>
        url.IsFile ? url.LocalPath : throw new StorageException(FailureKind.ProbeError, $"not a file:// URL: {url}");

    private static async Task<T> GuardAsync<T>(string operation, Uri url, Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StorageException(FileFailureMap.Classify(e), $"{operation} {url}: {e.Message}", e);
        }
    }
}
