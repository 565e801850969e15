namespace Lakemon.Probes.Configuration;

/// <summary>The protocol schemes lakemon can talk, and which TPC modes a door of each scheme can take part in.</summary>
public static class ProtocolSchemes
{
    public const string Root = "root";
    public const string Roots = "roots";
    public const string Davs = "davs";
    public const string Https = "https";
    public const string Http = "http";
    public const string S3 = "s3";
    public const string File = "file";

    public static IReadOnlyList<string> All { get; } = [Root, Roots, Davs, Https, Http, S3, File];

    public static bool IsSupported(string scheme) => All.Contains(scheme, StringComparer.Ordinal);

    public static IReadOnlyList<TpcMode> TpcModesFor(string scheme) => scheme switch
    {
        Root or Roots => [TpcMode.Root],
        // WebDAV doors do HTTP-TPC (COPY with Source/Destination headers) whichever URL scheme names them.
        Https or Davs or Http => [TpcMode.HttpPull, TpcMode.HttpPush],
        _ => [],
    };

    /// <summary>The prefix URL schemes accepted for a protocol: davs doors are often written as https:// URLs.</summary>
    public static IReadOnlyList<string> PrefixSchemesFor(string scheme) =>
        scheme == Davs ? [Davs, Https] : [scheme];
}
