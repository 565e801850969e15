namespace Lakemon.Probes.Storage.XRootD;

/// <summary>The body of a kXR_error response (XProtocol.hh ServerResponseBody_Error): errnum and a message.</summary>
internal readonly record struct XRootDError(int Code, string Message);
