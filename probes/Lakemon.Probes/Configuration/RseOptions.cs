namespace Lakemon.Probes.Configuration;

/// <summary>A storage endpoint to probe, with its doors and the third-party-copy modes to exercise.</summary>
/// <param name="Credentials">The resolved <c>credentials</c> entry, or null when the RSE needs none.</param>
public sealed record RseOptions(
    string Name,
    string Site,
    bool Enabled,
    IReadOnlyList<ProtocolOptions> Protocols,
    ChecksumAlgorithm Checksum,
    IReadOnlyList<TpcMode> TpcModes,
    int MaxConcurrentProbes,
    CredentialOptions? Credentials)
{
    public const int DefaultMaxConcurrentProbes = 4;
    public const ChecksumAlgorithm DefaultChecksum = ChecksumAlgorithm.Adler32;
}
