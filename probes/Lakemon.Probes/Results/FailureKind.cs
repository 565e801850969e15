namespace Lakemon.Probes.Results;

/// <summary>
/// Why a probe failed: the one closed list of DESIGN.md §2, used as a metric label. <see cref="FailureKinds"/> gives
/// the wire names; nothing else may list them.
/// </summary>
public enum FailureKind
{
    Timeout,
    Connect,
    Tls,
    Auth,
    NotFound,
    ChecksumMismatch,
    NoSpace,
    ServerError,
    ProtocolError,
    TpcFailed,
    PrerequisiteFailed,
    ProbeError,
}
