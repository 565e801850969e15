namespace Lakemon.Probes.Storage.XRootD;

/// <summary>
/// Wire constants of the XRoot protocol, as defined in xrootd's src/XProtocol/XProtocol.hh (protocol 5.2.0). All
/// integers on the wire are big-endian ("network byte order", XProtocol.hh "Client Requests").
/// </summary>
internal static class XRootDProtocol
{
    /// <summary>Version we announce in kXR_protocol (kXR_PROTOCOLVERSION).</summary>
    public const int ClientProtocolVersion = 0x00000520;

    /// <summary>First version that knows TLS (kXR_PROTTLSVERSION).</summary>
    public const int TlsProtocolVersion = 0x00000500;

    public const int RequestHeaderLength = 24;
    public const int ResponseHeaderLength = 8;
    public const int HandshakeLength = 20;

    // XRequestTypes
    public const ushort Auth = 3000;
    public const ushort Query = 3001;
    public const ushort Close = 3003;
    public const ushort Dirlist = 3004;
    public const ushort Protocol = 3006;
    public const ushort Login = 3007;
    public const ushort Mkdir = 3008;
    public const ushort Open = 3010;
    public const ushort Ping = 3011;
    public const ushort Read = 3013;
    public const ushort Rm = 3014;
    public const ushort Rmdir = 3015;
    public const ushort Sync = 3016;
    public const ushort Stat = 3017;
    public const ushort Write = 3019;

    // XResponseType
    public const ushort StatusOk = 0;
    public const ushort StatusOkSoFar = 4000;
    public const ushort StatusAttn = 4001;
    public const ushort StatusAuthMore = 4002;
    public const ushort StatusError = 4003;
    public const ushort StatusRedirect = 4004;
    public const ushort StatusWait = 4005;
    public const ushort StatusWaitResp = 4006;
    public const ushort StatusStatus = 4007;

    /// <summary>XActionCode kXR_asynresp: a kXR_attn that carries the deferred answer promised by kXR_waitresp.</summary>
    public const int AttnAsyncResponse = 5008;

    // ClientProtocolRequest::RequestFlags
    public const byte ProtocolSecReqs = 0x01;
    public const byte ProtocolAbleTls = 0x02;
    public const byte ProtocolWantTls = 0x04;

    // ClientProtocolRequest::ExpectFlags
    public const byte ExpectLogin = 0x03;

    // kXR_protocol response flags
    public const uint ServerIsServer = 0x00000001;
    public const uint ServerIsManager = 0x00000002;
    public const uint ServerHaveTls = 0x80000000;
    public const uint ServerGotoTls = 0x40000000;
    public const uint ServerTlsLogin = 0x04000000;
    public const uint ServerTlsSession = 0x08000000;

    // XLoginCapVer / XLoginVersion: we understand kXR_attn asynresp and speak the 2019 TLS-capable dialect.
    public const byte LoginAsyncCapability = 128;
    public const byte LoginVersion5 = 5;

    // XOpenRequestMode
    public const ushort ModeUserRead = 0x100;
    public const ushort ModeUserWrite = 0x080;
    public const ushort ModeUserExecute = 0x040;
    public const ushort ModeGroupRead = 0x020;
    public const ushort ModeGroupExecute = 0x008;
    public const ushort ModeOtherRead = 0x004;
    public const ushort ModeOtherExecute = 0x001;

    // XOpenRequestOption
    public const ushort OpenDelete = 0x0002;
    public const ushort OpenNew = 0x0008;
    public const ushort OpenRead = 0x0010;
    public const ushort OpenUpdate = 0x0020;
    public const ushort OpenMakePath = 0x0100;
    public const ushort OpenReturnStat = 0x0400;

    // XMkdirOptions
    public const byte MkdirPath = 1;

    // XDirlistRequestOption
    public const byte DirlistStat = 2;

    // XQueryType
    public const ushort QueryChecksum = 3;
    public const ushort QuerySpace = 5;

    // XStatRespFlags
    public const int StatIsDirectory = 2;
    public const int StatOther = 4;

    // XErrorCode
    public const int ErrorArgInvalid = 3000;
    public const int ErrorArgMissing = 3001;
    public const int ErrorArgTooLong = 3002;
    public const int ErrorFileLocked = 3003;
    public const int ErrorFileNotOpen = 3004;
    public const int ErrorFSError = 3005;
    public const int ErrorInvalidRequest = 3006;
    public const int ErrorIOError = 3007;
    public const int ErrorNoMemory = 3008;
    public const int ErrorNoSpace = 3009;
    public const int ErrorNotAuthorized = 3010;
    public const int ErrorNotFound = 3011;
    public const int ErrorServerError = 3012;
    public const int ErrorUnsupported = 3013;
    public const int ErrorNoServer = 3014;
    public const int ErrorNotFile = 3015;
    public const int ErrorIsDirectory = 3016;
    public const int ErrorCancelled = 3017;
    public const int ErrorItExists = 3018;
    public const int ErrorChecksum = 3019;
    public const int ErrorInProgress = 3020;
    public const int ErrorOverQuota = 3021;
    public const int ErrorSigVerErr = 3022;
    public const int ErrorDecryptErr = 3023;
    public const int ErrorOverloaded = 3024;
    public const int ErrorFsReadOnly = 3025;
    public const int ErrorBadPayload = 3026;
    public const int ErrorAttrNotFound = 3027;
    public const int ErrorTlsRequired = 3028;
    public const int ErrorNoReplicas = 3029;
    public const int ErrorAuthFailed = 3030;
    public const int ErrorImpossible = 3031;
    public const int ErrorConflict = 3032;
    public const int ErrorTooManyErrs = 3033;
    public const int ErrorReqTimedOut = 3034;
    public const int ErrorTimerExpired = 3035;

    public static bool IsKnownStatus(ushort status) =>
        status == StatusOk || status is >= StatusOkSoFar and <= StatusStatus;

    public static string RequestName(ushort requestId) => requestId switch
    {
        Auth => "kXR_auth",
        Query => "kXR_query",
        Close => "kXR_close",
        Dirlist => "kXR_dirlist",
        Protocol => "kXR_protocol",
        Login => "kXR_login",
        Mkdir => "kXR_mkdir",
        Open => "kXR_open",
        Ping => "kXR_ping",
        Read => "kXR_read",
        Rm => "kXR_rm",
        Rmdir => "kXR_rmdir",
        Sync => "kXR_sync",
        Stat => "kXR_stat",
        Write => "kXR_write",
        _ => $"request {requestId}",
    };
}
