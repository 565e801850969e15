namespace Lakemon.Probes.Storage.XRootD;

/// <summary>XProtocol.hh ServerResponseHeader: streamid[2], status, dlen — 8 bytes before every response body.</summary>
internal readonly record struct XRootDResponseHeader(ushort StreamId, ushort Status, int Length);
