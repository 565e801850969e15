using Lakemon.Probes.Results;

namespace Lakemon.Collector.Metrics;

/// <summary>Where one check (or transfer link) stands: its last result and the status that result gives it now.</summary>
/// <param name="Status">The last result's status while it is fresh, UNKNOWN after its freshness.</param>
/// <param name="CompletedAt">When the last result's probe ended.</param>
/// <param name="ConsecutiveFailures">CRITICAL results in a row up to the last one.</param>
public sealed record CheckState(ProbeResult Last, ProbeStatus Status, DateTimeOffset CompletedAt, int ConsecutiveFailures);
