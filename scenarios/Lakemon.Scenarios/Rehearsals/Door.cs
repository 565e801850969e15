using Lakemon.Probes.Configuration;
using Lakemon.Probes.Storage;

namespace Lakemon.Scenarios.Rehearsals;

/// <summary>One RSE door a rehearsal talks to, with its client (shared by all calls on that door).</summary>
public sealed record Door(RseOptions Rse, ProtocolOptions Protocol, IStorageClient Client, StorageCredentials Credentials)
{
    public Uri Prefix => Protocol.Prefix;

    public string Name => $"{Rse.Name} {Protocol.Scheme}";
}
