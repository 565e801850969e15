using Lakemon.Probes.Results;

namespace Lakemon.Probes.Storage.Local;

/// <summary>The failure table of file:// (local disks and FUSE mounts): .NET exceptions and errno values → kinds.</summary>
public static class FileFailureMap
{
    // errno values (Linux): on Unix .NET puts the raw errno into IOException.HResult for errors it has no type for.
    private const int ENOENT = 2;
    private const int EACCES = 13;
    private const int EPERM = 1;
    private const int ENOSPC = 28;
    private const int EDQUOT = 122;
    private const int EROFS = 30;
    private const int ENOTCONN = 107; // a FUSE mount whose daemon died
    private const int ETIMEDOUT = 110;

    public static FailureKind Classify(Exception exception) => exception switch
    {
        StorageException storage => storage.Kind,
        FileNotFoundException or DirectoryNotFoundException => FailureKind.NotFound,
        UnauthorizedAccessException => FailureKind.Auth,
        PathTooLongException => FailureKind.ProbeError,
        IOException io => ClassifyErrno(io.HResult),
        _ => FailureKind.ProbeError,
    };

    public static FailureKind ClassifyErrno(int errno) => errno switch
    {
        ENOENT => FailureKind.NotFound,
        EACCES or EPERM or EROFS => FailureKind.Auth,
        ENOSPC or EDQUOT => FailureKind.NoSpace,
        ENOTCONN => FailureKind.Connect,
        ETIMEDOUT => FailureKind.Timeout,
        _ => FailureKind.ServerError,
    };
}
