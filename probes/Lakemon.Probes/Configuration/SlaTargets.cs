namespace Lakemon.Probes.Configuration;

/// <summary>The monthly targets a row of an SLA report is judged against, as fractions (0..1).</summary>
public sealed record SlaTargets(double Availability, double Reliability, double Unknown)
{
    /// <summary>The EGI OLA defaults of DESIGN.md §6: availability ≥ 80 %, reliability ≥ 85 %, unknown ≤ 10 %.</summary>
    public static SlaTargets Default { get; } = new(0.80, 0.85, 0.10);
}
