namespace Lakemon.Probes.Storage.XRootD;

/// <summary>One complete server response. <see cref="Deferred"/> marks the answer that arrived inside a kXR_attn
/// kXR_asynresp after the server had said kXR_waitresp (XProtocol.hh ServerResponseBody_Attn_asynresp).</summary>
internal sealed record XRootDResponse(ushort StreamId, ushort Status, byte[] Body, bool Deferred = false)
{
    public static XRootDResponse Empty(ushort streamId, ushort status) => new(streamId, status, []);
}
