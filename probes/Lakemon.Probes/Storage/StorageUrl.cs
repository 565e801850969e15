namespace Lakemon.Probes.Storage;

/// <summary>Turns what a user typed (a URL, or a local path) into the absolute URL clients take; a malformed URL or an
/// unsupported scheme is a <see cref="UriFormatException"/> (a usage error, not a storage failure).</summary>
public static class StorageUrl
{
    public static Uri Parse(string text)
    {
        if (!text.Contains("://", StringComparison.Ordinal))
        {
            return new Uri(Path.GetFullPath(text));
        }
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url))
        {
            throw new UriFormatException($"'{text}' is not a valid URL");
        }
        if (!StorageClientRegistry.Supports(url.Scheme))
        {
            throw new UriFormatException($"unsupported scheme '{url.Scheme}' in {text} (supported: {string.Join(", ", StorageClientRegistry.Schemes)})");
        }
        if (!url.IsFile && string.IsNullOrEmpty(url.Host))
        {
            throw new UriFormatException($"'{text}' has no host");
        }
        return url;
    }

    public static bool IsLocal(Uri url) => url.IsFile;

    /// <summary>The URL of the parent directory (the one a pull-TPC or a plain upload may have to create).</summary>
    public static Uri Parent(Uri url)
    {
        var text = url.OriginalString.TrimEnd('/');
        var query = text.IndexOf('?', StringComparison.Ordinal);
        var path = query < 0 ? text : text[..query];
        return new Uri(path[..(path.LastIndexOf('/') + 1)]);
    }

    /// <summary>The URL of <paramref name="name"/> inside the directory <paramref name="directory"/>, keeping the
    /// spelling of the directory URL (root:// prefixes carry a double slash that must survive).</summary>
    public static Uri Child(Uri directory, string name) =>
        new($"{directory.OriginalString.TrimEnd('/')}/{name}");
}
