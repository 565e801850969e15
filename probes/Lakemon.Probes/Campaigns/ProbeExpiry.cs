using Lakemon.Probes.Storage;

namespace Lakemon.Probes.Campaigns;

/// <summary>
/// The janitor's age rule (DESIGN.md §2). The stamp in a name made by <see cref="ProbePaths"/> is trusted over the
/// server's mtime, which a copy or a restore may have reset; an entry whose age cannot be told is kept. A zero
/// lifetime means "everything under lakemon-probes", whatever the stamps say (the operator after a crash, a test).
/// </summary>
public static class ProbeExpiry
{
    /// <summary>An entry directly under <c>lakemon-probes</c>: aged by the stamp in its name, else by its mtime.</summary>
    public static bool IsExpired(StorageEntry entry, DateTimeOffset now, TimeSpan lifetime)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return lifetime <= TimeSpan.Zero
            || (ProbePaths.CreatedAt(entry.Name) ?? entry.Modified) is { } created && now - created > lifetime;
    }

    /// <summary>A file inside a run directory that is itself young: only its own stamp can condemn it (a probe of a
    /// killed campaign that reused the run id, or a campaign that ran for longer than the lifetime).</summary>
    public static bool IsExpiredByStamp(string name, DateTimeOffset now, TimeSpan lifetime) =>
        ProbePaths.CreatedAt(name) is { } created && (lifetime <= TimeSpan.Zero || now - created > lifetime);
}
