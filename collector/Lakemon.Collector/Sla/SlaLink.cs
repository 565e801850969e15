namespace Lakemon.Collector.Sla;

/// <summary>
/// TPC results of one ordered pair of RSEs in one mode over the report's window. The success ratio is
/// (OK + WARNING) / (OK + WARNING + CRITICAL): UNKNOWN means lakemon could not tell, which must not count as a failure of
/// the link (DESIGN.md §2); null when nothing was judged.
/// </summary>
public sealed record SlaLink(string Source, string Destination, string Mode, int Ok, int Warning, int Critical, int Unknown)
{
    public double? SuccessRatio => Ok + Warning + Critical == 0
        ? null
        : Math.Round((double)(Ok + Warning) / (Ok + Warning + Critical), SlaFigures.Digits, MidpointRounding.AwayFromZero);
}
