using Lakemon.Probes.Results;
using static Lakemon.Probes.Storage.XRootD.XRootDProtocol;

namespace Lakemon.Probes.Storage.XRootD;

/// <summary>
/// The one table from kXR_error codes (XProtocol.hh XErrorCode) to failure kinds (CONVENTIONS.md §4). Transport-level
/// failures are classified by <see cref="NetworkFailures"/> first; this table only sees what the server said.
/// </summary>
internal static class XRootDFailureMap
{
    public static FailureKind Classify(int errorCode) => errorCode switch
    {
        ErrorNotFound or ErrorAttrNotFound or ErrorNoReplicas => FailureKind.NotFound,
        ErrorNotAuthorized or ErrorAuthFailed or ErrorSigVerErr or ErrorDecryptErr => FailureKind.Auth,
        ErrorNoSpace or ErrorOverQuota => FailureKind.NoSpace,
        ErrorChecksum => FailureKind.ChecksumMismatch,
        ErrorTlsRequired => FailureKind.Tls,
        ErrorReqTimedOut or ErrorTimerExpired => FailureKind.Timeout,
        ErrorFSError or ErrorIOError or ErrorServerError or ErrorNoMemory or ErrorFileLocked or ErrorNoServer
            or ErrorNotFile or ErrorIsDirectory or ErrorCancelled or ErrorItExists or ErrorInProgress
            or ErrorOverloaded or ErrorFsReadOnly or ErrorImpossible or ErrorConflict or ErrorTooManyErrs
            => FailureKind.ServerError,
        // The server says our request was malformed: either we or it do not speak the protocol as written.
        ErrorArgInvalid or ErrorArgMissing or ErrorArgTooLong or ErrorInvalidRequest or ErrorUnsupported
            or ErrorBadPayload or ErrorFileNotOpen => FailureKind.ProtocolError,
        _ => FailureKind.ProtocolError,
    };

    public static StorageException ToException(XRootDError error, string what) =>
        new(Classify(error.Code), $"{what}: kXR_error {error.Code}: {error.Message}");
}
