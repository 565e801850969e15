namespace Lakemon.Probes.Storage.XRootD;

/// <summary>One XRootD server: host, port, and whether the connection must be TLS (roots://).</summary>
internal sealed record XRootDEndpoint(string Host, int Port, bool Tls)
{
    /// <summary>host:port as XRootD writes it in CGI and logs (IPv6 literals in brackets).</summary>
    public string HostPort => Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
}
