namespace Lakemon.Probes.Configuration;

/// <summary>
/// A declared downtime of one RSE, or of every RSE of a site (exactly one of <see cref="Rse"/> and <see cref="Site"/>),
/// over [<see cref="Start"/>, <see cref="End"/>). Declared in the configuration or read from a GOCDB-style file.
/// </summary>
/// <param name="Declared">When it was announced: what makes it scheduled or not.</param>
public sealed record DowntimeOptions(string? Rse, string? Site, DateTimeOffset Start, DateTimeOffset End, DateTimeOffset Declared, string? Description)
{
    /// <summary>WLCG/EGI rule: a downtime announced at least this long before it starts is scheduled.</summary>
    public static TimeSpan ScheduledNotice { get; } = TimeSpan.FromHours(24);

    /// <summary>Scheduled downtimes turn slices into DOWNTIME; unscheduled ones count as CRITICAL (DESIGN.md §6).</summary>
    public bool Scheduled => Start - Declared >= ScheduledNotice;
}
