namespace Lakemon.Probes.Storage.XRootD;

/// <summary>
/// A root:// or roots:// PFN taken apart: <c>root://host:port//lake/dir/file?a=b</c> is endpoint host:port, server path
/// <c>/lake/dir/file</c> and opaque CGI <c>a=b</c>. XRootD URLs put the absolute path after a second slash; a URL with
/// a single slash names the same absolute path.
/// </summary>
internal sealed record XRootDLocation(XRootDEndpoint Endpoint, string Path, string? Opaque)
{
    public const int DefaultPort = 1094;

    public static XRootDLocation Parse(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri || (url.Scheme != "root" && url.Scheme != "roots"))
        {
            throw new ArgumentException($"not a root:// or roots:// URL: {url.Scheme}://{url.Authority}", nameof(url));
        }
        if (url.Host.Length == 0)
        {
            throw new ArgumentException("root:// URL without a host", nameof(url));
        }
        var path = Uri.UnescapeDataString(url.AbsolutePath);
        while (path.StartsWith("//", StringComparison.Ordinal))
        {
            path = path[1..];
        }
        if (path.Length == 0)
        {
            path = "/";
        }
        var opaque = url.Query.Length > 1 ? url.Query[1..] : null;
        var host = url.HostNameType == UriHostNameType.IPv6 ? url.Host.Trim('[', ']') : url.Host;
        return new XRootDLocation(new XRootDEndpoint(host, url.Port > 0 ? url.Port : DefaultPort, url.Scheme == "roots"), path, opaque);
    }

    /// <summary>The path with opaque CGI as request data, optionally with more CGI appended.</summary>
    public string PathWithOpaque(string? extra = null)
    {
        var cgi = Join(Opaque, extra);
        return cgi is null ? Path : $"{Path}?{cgi}";
    }

    public static string? Join(string? first, string? second) =>
        string.IsNullOrEmpty(first) ? (string.IsNullOrEmpty(second) ? null : second)
        : string.IsNullOrEmpty(second) ? first : $"{first}&{second}";
}
