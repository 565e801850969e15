namespace Lakemon.Probes.Storage.WebDav;

/// <summary>
/// Whether https transfers of this process may take the libssl path (<see cref="LibSslTransfer"/>). `lakemon fs`, a
/// one-transfer tool, turns it on; the long-running services keep HttpClient for now: in two of six fresh-clone CI runs
/// on a loaded host a `lakemon run` campaign using it did not finish within its test's 25 s, which is not understood yet.
/// </summary>
public static class LibSslTransfers
{
    private const string Switch = "Lakemon.Storage.LibSslTransfers";

    public static void Enable() => AppContext.SetSwitch(Switch, true);

    internal static bool Enabled => AppContext.TryGetSwitch(Switch, out var on) && on;
}
