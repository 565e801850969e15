using Lakemon.Probes.Configuration;

namespace Lakemon.Probes.Storage;

/// <summary>
/// One protocol's client (CONVENTIONS.md §2). Every call takes the caller's <see cref="PhaseRecorder"/> and records
/// its phases there (connect, tls, request, transfer...), and reports failures as <see cref="StorageException"/>
/// with a <see cref="Results.FailureKind"/> from the protocol's own mapping table. Cancellation by the caller's token
/// surfaces as <see cref="OperationCanceledException"/> (the probe turns its own budget into `timeout`).
/// URLs are absolute PFNs (root://host:port//path, https://host:port/path, file:///path).
/// </summary>
public interface IStorageClient
{
    /// <summary>The URL schemes this client serves, e.g. root and roots.</summary>
    IReadOnlyList<string> Schemes { get; }

    /// <summary>The third-party-copy modes <see cref="CopyAsync"/> accepts (empty: no TPC).</summary>
    IReadOnlyList<TpcMode> TpcModes { get; }

    /// <summary>Writes <paramref name="source"/> to <paramref name="url"/> (streamed, parents created as the protocol
    /// allows, an existing file replaced); returns the bytes sent and their adler32.</summary>
    Task<TransferResult> UploadAsync(Uri url, Stream source, PhaseRecorder phases, CancellationToken cancellationToken);

    Task<StorageStat> StatAsync(Uri url, PhaseRecorder phases, CancellationToken cancellationToken);

    /// <summary>The checksum as the server computes it (lower-case hex; adler32 is 8 digits).</summary>
    Task<string> ChecksumAsync(Uri url, string algorithm, PhaseRecorder phases, CancellationToken cancellationToken);

    /// <summary>Streams the file into <paramref name="destination"/>; returns the bytes received and their adler32.</summary>
    Task<TransferResult> ReadAsync(Uri url, Stream destination, PhaseRecorder phases, CancellationToken cancellationToken);

    /// <summary>Deletes a file or an empty directory. A non-empty directory is refused as the server refuses it
    /// (xrootd, POSIX: server_error "directory not empty") — except on WebDAV servers that follow RFC 4918 §9.6.1,
    /// where DELETE of a collection takes its content with it; callers that must not lose content empty it first.</summary>
    Task DeleteAsync(Uri url, PhaseRecorder phases, CancellationToken cancellationToken);

    Task<IReadOnlyList<StorageEntry>> ListAsync(Uri url, PhaseRecorder phases, CancellationToken cancellationToken);

    /// <summary>Creates the directory, and its missing parents when <paramref name="parents"/>; an existing directory
    /// is not an error.</summary>
    Task MakeDirectoryAsync(Uri url, bool parents, PhaseRecorder phases, CancellationToken cancellationToken);

    /// <summary>Third-party copy: the servers move the bytes. Succeeds only when the protocol's final word is success;
    /// a failed copy leaves no partial destination behind when the protocol lets the client remove it.</summary>
    Task<TransferResult> CopyAsync(Uri source, Uri destination, CopyOptions options, IProgress<TransferProgress>? progress, PhaseRecorder phases, CancellationToken cancellationToken);
}
