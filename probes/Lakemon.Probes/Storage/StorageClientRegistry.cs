using Lakemon.Probes.Storage.Local;
using Lakemon.Probes.Storage.WebDav;
using Lakemon.Probes.Storage.XRootD;

namespace Lakemon.Probes.Storage;

/// <summary>The one place where URL schemes are bound to storage clients.</summary>
public static class StorageClientRegistry
{
    private sealed record Registration(IReadOnlyList<string> Schemes, Func<StorageCredentials, IStorageClient> Create);

    private static readonly IReadOnlyList<Registration> Registrations =
    [
        new([Configuration.ProtocolSchemes.File], _ => new FileStorageClient()),
        new([Configuration.ProtocolSchemes.Root, Configuration.ProtocolSchemes.Roots], c => new XRootDClient(c)),
        new([Configuration.ProtocolSchemes.Http, Configuration.ProtocolSchemes.Https, Configuration.ProtocolSchemes.Davs], c => new WebDavClient(c)),
    ];

    public static IReadOnlyList<string> Schemes { get; } = Registrations.SelectMany(r => r.Schemes).ToList();

    public static bool Supports(string scheme) => Schemes.Contains(scheme, StringComparer.Ordinal);

    public static IStorageClient Create(string scheme, StorageCredentials credentials)
    {
        var registration = Registrations.FirstOrDefault(r => r.Schemes.Contains(scheme, StringComparer.Ordinal))
            ?? throw new StorageException(Results.FailureKind.ProbeError, $"no storage client for scheme '{scheme}' (supported: {string.Join(", ", Schemes)})");
        return registration.Create(credentials);
    }

    public static IStorageClient For(Uri url, StorageCredentials credentials) => Create(url.Scheme, credentials);
}
