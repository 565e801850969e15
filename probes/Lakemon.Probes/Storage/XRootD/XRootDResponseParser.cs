using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using static Lakemon.Probes.Storage.XRootD.XRootDProtocol;

namespace Lakemon.Probes.Storage.XRootD;

/// <summary>
/// Parses response bodies (XProtocol.hh ServerResponseBody_*). Every parser either returns a value or throws the
/// protocol-error <see cref="StorageException"/> of <see cref="XRootDResponseReader.Malformed"/>.
/// </summary>
internal static class XRootDResponseParser
{
    private const int DefaultPort = 1094;

    public static XRootDError ParseError(ReadOnlySpan<byte> body)
    {
        if (body.Length < 4)
        {
            throw XRootDResponseReader.Malformed($"kXR_error body of {body.Length} bytes has no error number");
        }
        return new XRootDError(BinaryPrimitives.ReadInt32BigEndian(body), Text(body[4..]));
    }

    /// <summary>ServerResponseBody_Wait / _Waitresp: the seconds to wait, then an optional message.</summary>
    public static int ParseSeconds(ReadOnlySpan<byte> body, string what)
    {
        if (body.Length < 4)
        {
            throw XRootDResponseReader.Malformed($"{what} body of {body.Length} bytes has no seconds");
        }
        var seconds = BinaryPrimitives.ReadInt32BigEndian(body);
        return seconds < 0 ? throw XRootDResponseReader.Malformed($"{what} asks for {seconds} seconds") : seconds;
    }

    /// <summary>
    /// ServerResponseBody_Redirect: port, then "host[?opaque]". A port ≤ 0 carries flags and the host part is then a
    /// full URL (XrdClXRootDMsgHandler.cc); we accept both forms.
    /// </summary>
    public static XRootDRedirect ParseRedirect(ReadOnlySpan<byte> body)
    {
        if (body.Length <= 4)
        {
            throw XRootDResponseReader.Malformed("kXR_redirect without a host");
        }
        var port = BinaryPrimitives.ReadInt32BigEndian(body);
        var target = Text(body[4..]);
        string? opaque = null;
        var question = target.IndexOf('?', StringComparison.Ordinal);
        if (question >= 0)
        {
            opaque = target[(question + 1)..];
            target = target[..question];
        }
        string host;
        if (port > 0)
        {
            host = target;
        }
        else
        {
            if (!Uri.TryCreate(target, UriKind.Absolute, out var url) || url.Host.Length == 0)
            {
                throw XRootDResponseReader.Malformed($"kXR_redirect to an invalid URL '{target}'");
            }
            host = url.Host;
            port = url.Port > 0 ? url.Port : DefaultPort;
        }
        if (port > ushort.MaxValue || Uri.CheckHostName(host.Trim('[', ']')) == UriHostNameType.Unknown)
        {
            throw XRootDResponseReader.Malformed($"kXR_redirect to an invalid endpoint '{host}:{port}'");
        }
        return new XRootDRedirect(host.Trim('[', ']'), port, string.IsNullOrEmpty(opaque) ? null : opaque);
    }

    /// <summary>ServerResponseBody_Protocol: pval and flags (the security requirements that may follow are not
    /// needed by an anonymous client).</summary>
    public static (int Version, uint Flags) ParseProtocol(ReadOnlySpan<byte> body)
    {
        if (body.Length < 8)
        {
            throw XRootDResponseReader.Malformed($"kXR_protocol answer of {body.Length} bytes");
        }
        return (BinaryPrimitives.ReadInt32BigEndian(body), BinaryPrimitives.ReadUInt32BigEndian(body[4..]));
    }

    /// <summary>ServerResponseBody_Login: a 16-byte session id, then the security protocols the server requires
    /// ("&amp;P=gsi,...&amp;P=ztn"), empty when the login is complete without authentication.</summary>
    public static string ParseLoginSecurity(ReadOnlySpan<byte> body)
    {
        if (body.Length < 16)
        {
            throw XRootDResponseReader.Malformed($"kXR_login answer of {body.Length} bytes has no session id");
        }
        return Text(body[16..]);
    }

    /// <summary>ServerResponseBody_Open: fhandle[4]; with kXR_retstat, cpsize[4] and cptype[4] are followed by the
    /// stat text of the opened file.</summary>
    public static (uint Handle, StorageStat? Stat) ParseOpen(ReadOnlySpan<byte> body)
    {
        if (body.Length < 4)
        {
            throw XRootDResponseReader.Malformed($"kXR_open answer of {body.Length} bytes has no file handle");
        }
        var handle = BinaryPrimitives.ReadUInt32BigEndian(body);
        if (body.Length <= 12)
        {
            return (handle, null);
        }
        var text = Text(body[12..]);
        return (handle, text.Length == 0 ? null : ParseStat(text));
    }

    /// <summary>The free bytes of a kXR_query space answer ("oss.cgroup=public&amp;oss.space=N&amp;oss.free=N&amp;..."),
    /// or null when the answer does not carry them.</summary>
    public static long? ParseFreeSpace(string text)
    {
        foreach (var pair in text.Split('&', StringSplitOptions.TrimEntries))
        {
            if (pair.StartsWith("oss.free=", StringComparison.Ordinal)
                && long.TryParse(pair.AsSpan("oss.free=".Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var free))
            {
                return free;
            }
        }
        return null;
    }

    /// <summary>kXR_stat answer "id size flags modtime" (XrdClXRootDResponses.cc StatInfo; newer servers append
    /// more fields, which we ignore).</summary>
    public static StorageStat ParseStat(string text)
    {
        var fields = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 4
            || !long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var size)
            || !int.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var flags)
            || !long.TryParse(fields[3], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var modified)
            || modified < DateTimeOffset.MinValue.ToUnixTimeSeconds() || modified > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            throw XRootDResponseReader.Malformed($"stat information '{Shorten(text)}'");
        }
        return new StorageStat(true, size, DateTimeOffset.FromUnixTimeSeconds(modified), (flags & StatIsDirectory) != 0);
    }

    /// <summary>
    /// kXR_dirlist answer: names separated by newlines; with kXR_dstat it starts with the entry ".\n0 0 0 0" and each
    /// name line is followed by its stat line (XrdClXRootDResponses.cc DirectoryList::ParseServerResponse).
    /// </summary>
    public static IReadOnlyList<StorageEntry> ParseDirectoryList(string text)
    {
        const string statPrefix = ".\n0 0 0 0";
        var withStat = text.StartsWith(statPrefix, StringComparison.Ordinal);
        if (withStat)
        {
            text = text[statPrefix.Length..];
        }
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var entries = new List<StorageEntry>();
        if (!withStat)
        {
            foreach (var name in lines)
            {
                if (name is not "." and not "..")
                {
                    entries.Add(new StorageEntry(name, false, null, null));
                }
            }
            return entries;
        }
        if (lines.Length % 2 != 0)
        {
            throw XRootDResponseReader.Malformed("directory listing with a name but no stat line");
        }
        for (var i = 0; i < lines.Length; i += 2)
        {
            var stat = ParseStat(lines[i + 1]);
            if (lines[i] is not "." and not "..")
            {
                entries.Add(new StorageEntry(lines[i], stat.IsDirectory, stat.Size, stat.Modified));
            }
        }
        return entries;
    }

    /// <summary>kXR_query kXR_Qcksum answer "name value" (e.g. "adler32 0a1b2c3d").</summary>
    public static (string Algorithm, string Value) ParseChecksum(string text)
    {
        var fields = text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (fields.Length < 2 || fields[1].Length == 0 || !fields[1].All(Uri.IsHexDigit))
        {
            throw XRootDResponseReader.Malformed($"checksum answer '{Shorten(text)}'");
        }
        return (fields[0], fields[1].ToLowerInvariant());
    }

    /// <summary>A multi-part text answer (kXR_oksofar parts joined): each part may end in a NUL, which separates
    /// entries like a newline.</summary>
    public static string MultiPartText(ReadOnlySpan<byte> body) => Encoding.UTF8.GetString(body).Replace('\0', '\n');

    /// <summary>Text bodies are C strings: the server may or may not send the terminating NUL.</summary>
    public static string Text(ReadOnlySpan<byte> body)
    {
        var end = body.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? body : body[..end]).Trim();
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "...";
}
