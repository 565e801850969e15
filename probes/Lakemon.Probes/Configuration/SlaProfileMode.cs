namespace Lakemon.Probes.Configuration;

/// <summary>How statuses combine in an SLA profile (DESIGN.md §6): AND takes the worst, OR the best.</summary>
public enum SlaProfileMode
{
    And,
    Or,
}
