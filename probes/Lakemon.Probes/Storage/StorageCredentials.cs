using Lakemon.Probes.Configuration;

namespace Lakemon.Probes.Storage;

/// <summary>What a client presents and trusts: a CA directory/file (null = the system store), a bearer token, an X.509
/// client certificate. <see cref="ToString"/> never shows the token.</summary>
public sealed record StorageCredentials(
    string? CaDirectory = null,
    string? CaFile = null,
    string? BearerToken = null,
    string? ClientCertificate = null,
    string? ClientKey = null)
{
    public static StorageCredentials None { get; } = new();

    /// <summary>Resolves a configured credentials entry: reads the token file or environment variable now, so that a
    /// missing token is found at start, not in the middle of a probe.</summary>
    public static StorageCredentials From(CredentialOptions? options)
    {
        if (options is null)
        {
            return None;
        }
        string? token = null;
        if (options.TokenFile is not null)
        {
            token = File.ReadAllText(options.TokenFile).Trim();
        }
        else if (options.TokenEnv is not null)
        {
            token = Environment.GetEnvironmentVariable(options.TokenEnv)?.Trim();
        }
        return new StorageCredentials(options.CaDirectory, options.CaFile, string.IsNullOrEmpty(token) ? null : token, options.ClientCertificate, options.ClientKey);
    }

    public override string ToString() =>
        $"StorageCredentials {{ CaDirectory = {CaDirectory}, CaFile = {CaFile}, BearerToken = {(BearerToken is null ? "none" : "***")}, ClientCertificate = {ClientCertificate} }}";
}
