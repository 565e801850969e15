namespace Lakemon.Collector.Store;

/// <summary>The results the SLA engine reads: started in [<see cref="Since"/>, <see cref="Until"/>), optionally only
/// about one RSE or one site (either end of a transfer), as in <see cref="ResultQuery"/>.</summary>
public sealed record StatusQuery(DateTimeOffset Since, DateTimeOffset Until, string? Rse = null, string? Site = null);
