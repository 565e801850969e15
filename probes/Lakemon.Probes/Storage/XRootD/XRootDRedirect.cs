namespace Lakemon.Probes.Storage.XRootD;

/// <summary>Where a kXR_redirect sends us: host, port and the opaque CGI to add to the resent request.</summary>
internal readonly record struct XRootDRedirect(string Host, int Port, string? Opaque);
