namespace Lakemon.Probes.Configuration;

/// <summary>A named set of credentials; relative paths are already resolved against the config file's directory.</summary>
public sealed record CredentialOptions(
    string Name,
    string? CaDirectory,
    string? CaFile,
    string? TokenFile,
    string? TokenEnv,
    string? ClientCertificate,
    string? ClientKey);
