using System.Buffers.Binary;
using System.Text;
using static Lakemon.Probes.Storage.XRootD.XRootDProtocol;

namespace Lakemon.Probes.Storage.XRootD;

/// <summary>
/// One client request: request id, the 16 parameter bytes of ClientRequestHdr.body, and the data that follows
/// (XProtocol.hh "Client Requests"). Path requests keep path and opaque apart so that a redirect can add its CGI.
/// </summary>
internal sealed class XRootDRequest
{
    private XRootDRequest(ushort requestId, byte[] parameters, string? path, string? opaque, ReadOnlyMemory<byte> data)
    {
        RequestId = requestId;
        Parameters = parameters;
        Path = path;
        Opaque = opaque;
        Data = path is null ? data : Encoding.UTF8.GetBytes(opaque is null ? path : $"{path}?{opaque}");
    }

    public ushort RequestId { get; }
    public byte[] Parameters { get; }
    public string? Path { get; }
    public string? Opaque { get; }
    public ReadOnlyMemory<byte> Data { get; }
    public string Name => RequestName(RequestId);

    /// <summary>The same path request with the CGI a redirect handed us appended.</summary>
    public XRootDRequest WithRedirectOpaque(string? opaque) =>
        Path is null || opaque is null ? this : new XRootDRequest(RequestId, Parameters, Path, XRootDLocation.Join(Opaque, opaque), default);

    /// <summary>ClientOpenRequest: mode, options, optiont, reserved[6], fhtemplt[4].</summary>
    public static XRootDRequest Open(string path, string? opaque, ushort mode, ushort options)
    {
        var parameters = new byte[16];
        BinaryPrimitives.WriteUInt16BigEndian(parameters, mode);
        BinaryPrimitives.WriteUInt16BigEndian(parameters.AsSpan(2), options);
        return new XRootDRequest(XRootDProtocol.Open, parameters, path, opaque, default);
    }

    /// <summary>ClientStatRequest by path: options, reserved[7], wants[4], fhandle[4] all zero.</summary>
    public static XRootDRequest Stat(string path, string? opaque) => new(XRootDProtocol.Stat, new byte[16], path, opaque, default);

    /// <summary>ClientRmRequest: reserved[16].</summary>
    public static XRootDRequest Remove(string path, string? opaque) => new(Rm, new byte[16], path, opaque, default);

    /// <summary>ClientRmdirRequest: reserved[16], like kXR_rm.</summary>
    public static XRootDRequest RemoveDirectory(string path, string? opaque) => new(Rmdir, new byte[16], path, opaque, default);

    /// <summary>ClientMkdirRequest: options[1] (kXR_mkdirpath), reserved[13], mode.</summary>
    public static XRootDRequest MakeDirectory(string path, string? opaque, bool parents, ushort mode)
    {
        var parameters = new byte[16];
        parameters[0] = parents ? MkdirPath : (byte)0;
        BinaryPrimitives.WriteUInt16BigEndian(parameters.AsSpan(14), mode);
        return new XRootDRequest(Mkdir, parameters, path, opaque, default);
    }

    /// <summary>ClientDirlistRequest: reserved[15], options[1].</summary>
    public static XRootDRequest DirectoryList(string path, string? opaque, byte options)
    {
        var parameters = new byte[16];
        parameters[15] = options;
        return new XRootDRequest(Dirlist, parameters, path, opaque, default);
    }

    /// <summary>ClientQueryRequest by path: infotype, reserved1[2], fhandle[4], reserved2[8].</summary>
    public static XRootDRequest QueryPath(ushort infoType, string path, string? opaque)
    {
        var parameters = new byte[16];
        BinaryPrimitives.WriteUInt16BigEndian(parameters, infoType);
        return new XRootDRequest(XRootDProtocol.Query, parameters, path, opaque, default);
    }

    /// <summary>ClientCloseRequest and ClientSyncRequest: fhandle[4], reserved[12].</summary>
    public static XRootDRequest ForHandle(ushort requestId, uint handle)
    {
        var parameters = new byte[16];
        BinaryPrimitives.WriteUInt32BigEndian(parameters, handle);
        return new XRootDRequest(requestId, parameters, null, null, default);
    }

    /// <summary>ClientLoginRequest: pid, username[8], ability2, ability, capver, reserved; data = login CGI.</summary>
    public static XRootDRequest Login(int pid, string user, string cgi)
    {
        var parameters = new byte[16];
        BinaryPrimitives.WriteInt32BigEndian(parameters, pid);
        var name = Encoding.ASCII.GetBytes(user);
        name.AsSpan(0, Math.Min(8, name.Length)).CopyTo(parameters.AsSpan(4, 8));
        parameters[14] = LoginAsyncCapability | LoginVersion5;
        return new XRootDRequest(XRootDProtocol.Login, parameters, null, null, Encoding.ASCII.GetBytes(cgi));
    }

    /// <summary>ClientProtocolRequest: clientpv, flags, expect, reserved[10].</summary>
    public static XRootDRequest ProtocolRequest(byte flags)
    {
        var parameters = new byte[16];
        BinaryPrimitives.WriteInt32BigEndian(parameters, ClientProtocolVersion);
        parameters[4] = flags;
        parameters[5] = ExpectLogin;
        return new XRootDRequest(XRootDProtocol.Protocol, parameters, null, null, default);
    }

    /// <summary>ClientReadRequest parameters: fhandle[4], offset (int64), rlen (int32).</summary>
    public static void WriteReadParameters(Span<byte> parameters, uint handle, long offset, int length)
    {
        BinaryPrimitives.WriteUInt32BigEndian(parameters, handle);
        BinaryPrimitives.WriteInt64BigEndian(parameters[4..], offset);
        BinaryPrimitives.WriteInt32BigEndian(parameters[12..], length);
    }

    /// <summary>ClientWriteRequest parameters: fhandle[4], offset (int64), pathid, reserved[3].</summary>
    public static void WriteWriteParameters(Span<byte> parameters, uint handle, long offset)
    {
        BinaryPrimitives.WriteUInt32BigEndian(parameters, handle);
        BinaryPrimitives.WriteInt64BigEndian(parameters[4..], offset);
        parameters[12..].Clear();
    }

    /// <summary>ClientRequestHdr: streamid[2], requestid, body[16], dlen.</summary>
    public static void WriteHeader(Span<byte> destination, ushort streamId, ushort requestId, ReadOnlySpan<byte> parameters, int dataLength)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, streamId);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], requestId);
        parameters.CopyTo(destination.Slice(4, 16));
        BinaryPrimitives.WriteInt32BigEndian(destination[20..], dataLength);
    }
}
