using Lakemon.Probes.Results;

namespace Lakemon.Probes.Campaigns;

/// <summary>How one step went: <see cref="Kind"/> is null on success. <see cref="Status"/> is CRITICAL for a service
/// failure and UNKNOWN when lakemon itself broke (DESIGN.md §2: never count our own bugs against a site).</summary>
internal sealed record StepOutcome(DateTimeOffset StartedAt, TimeSpan Duration, ProbeStatus Status, FailureKind? Kind, string? Message, StepValue? Value)
{
    public bool Succeeded => Kind is null;

    public string? Expected => Value?.Expected;

    public string? Actual => Value?.Actual;
}
