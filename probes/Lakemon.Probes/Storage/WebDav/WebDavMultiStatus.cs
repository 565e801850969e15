using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace Lakemon.Probes.Storage.WebDav;

/// <summary>
/// Reads a PROPFIND 207 multistatus body (RFC 4918 §14.16) one &lt;response&gt; at a time, so that a large listing is
/// not held as one document. Hrefs are absolute paths or full URLs; xrootd sends them unencoded ("a b.bin"), others
/// percent-encode them, and decoding handles both. Properties of a propstat whose status is not 200 are ignored.
/// </summary>
internal static class WebDavMultiStatus
{
    private static readonly XNamespace Dav = "DAV:";

    public const string PropfindBody =
        """<?xml version="1.0" encoding="utf-8"?><D:propfind xmlns:D="DAV:"><D:prop><D:resourcetype/><D:getcontentlength/><D:getlastmodified/></D:prop></D:propfind>""";

    public static async Task<IReadOnlyList<WebDavResource>> ReadAsync(Stream body, CancellationToken cancellationToken)
    {
        var settings = new XmlReaderSettings
        {
            Async = true,
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreWhitespace = true,
        };
        var resources = new List<WebDavResource>();
        using var reader = XmlReader.Create(body, settings);
        var sawMultiStatus = false;
        while (!reader.EOF)
        {
            if (reader.NodeType == XmlNodeType.Element && reader.NamespaceURI == Dav.NamespaceName && reader.LocalName == "response")
            {
                var element = (XElement)await XNode.ReadFromAsync(reader, cancellationToken);
                if (Parse(element) is { } resource)
                {
                    resources.Add(resource);
                }
                continue;
            }
            if (reader.NodeType == XmlNodeType.Element && reader.NamespaceURI == Dav.NamespaceName && reader.LocalName == "multistatus")
            {
                sawMultiStatus = true;
            }
            if (!await reader.ReadAsync())
            {
                break;
            }
        }
        return sawMultiStatus ? resources : throw new XmlException("the PROPFIND answer is not a DAV: multistatus document");
    }

    /// <summary>The decoded path of an href: the path of a full URL, without a trailing slash (except the root).</summary>
    public static string DecodePath(string href)
    {
        var path = href.Trim();
        if (path.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || path.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            path = Uri.TryCreate(path, UriKind.Absolute, out var absolute) ? absolute.AbsolutePath : path;
        }
        path = Uri.UnescapeDataString(path);
        return path.Length > 1 ? path.TrimEnd('/') : path;
    }

    private static WebDavResource? Parse(XElement response)
    {
        var href = response.Element(Dav + "href")?.Value;
        if (string.IsNullOrWhiteSpace(href))
        {
            return null;
        }
        var collection = false;
        long? length = null;
        DateTimeOffset? modified = null;
        foreach (var propstat in response.Elements(Dav + "propstat"))
        {
            var status = propstat.Element(Dav + "status")?.Value;
            if (status is not null && !status.Contains(" 200", StringComparison.Ordinal))
            {
                continue;
            }
            var prop = propstat.Element(Dav + "prop");
            if (prop is null)
            {
                continue;
            }
            collection |= prop.Element(Dav + "resourcetype")?.Element(Dav + "collection") is not null;
            if (long.TryParse(prop.Element(Dav + "getcontentlength")?.Value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var size))
            {
                length = size;
            }
            // RFC 4918 §15.7: rfc1123-date.
            if (DateTimeOffset.TryParseExact(prop.Element(Dav + "getlastmodified")?.Value.Trim(), "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
            {
                modified = time;
            }
        }
        return new WebDavResource(DecodePath(href), collection, length, modified);
    }
}
