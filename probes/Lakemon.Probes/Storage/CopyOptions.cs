using Lakemon.Probes.Configuration;

namespace Lakemon.Probes.Storage;

/// <summary>How to run one third-party copy.</summary>
/// <param name="Mode">root, http-pull (COPY to the destination with Source:) or http-push (COPY to the source with
/// Destination:).</param>
/// <param name="RemoteCredentials">Credentials the active server presents to the passive one (HTTP-TPC sends its
/// token as <c>TransferHeaderAuthorization</c>); null for none.</param>
/// <param name="Overwrite">Replace an existing destination.</param>
public sealed record CopyOptions(TpcMode Mode, StorageCredentials? RemoteCredentials = null, bool Overwrite = true);
