namespace Lakemon.Probes.Configuration;

/// <summary>One door of an RSE: the client scheme to use and the URL prefix probe files go under.</summary>
/// <param name="Scheme">One of <see cref="ProtocolSchemes.All"/>.</param>
/// <param name="Prefix">Absolute URL; <see cref="Uri.OriginalString"/> keeps it exactly as written (XRootD paths keep their "//").</param>
public sealed record ProtocolOptions(string Scheme, Uri Prefix);
