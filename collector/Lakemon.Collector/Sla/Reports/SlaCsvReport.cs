namespace Lakemon.Collector.Sla.Reports;

/// <summary>
/// The CSV form: one row per RSE or site and month (period yyyy-MM) or day (yyyy-MM-dd), then one per TPC link (period
/// FROM..TO); fractions 0..1 as in JSON, an empty field where a figure is undefined.
/// </summary>
public static class SlaCsvReport
{
    public const string Header = "scope,name,site,tpc_mode,period,availability,reliability,unknown,downtime,success_ratio,pass,failed";

    public static void Write(SlaReport report, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(Header + "\n");
        void Rows(string scope, SlaEntity entity)
        {
            var site = scope == "rse" ? entity.Site ?? "" : entity.Name;
            foreach (var month in entity.Months)
            {
                Row(writer, scope, entity.Name, site, "", month.Month, month.Figures, null, month.Verdict);
            }
            foreach (var day in entity.Days)
            {
                Row(writer, scope, entity.Name, site, "", SlaText.Date(day.Date), day.Figures, null, day.Verdict);
            }
        }
        foreach (var rse in report.Rses)
        {
            Rows("rse", rse);
        }
        foreach (var site in report.Sites)
        {
            Rows("site", site);
        }
        foreach (var link in report.Links)
        {
            writer.Write(string.Join(',', "link", Field($"{link.Source}->{link.Destination}"), "", Field(link.Mode), SlaText.Period(report),
                "", "", "", "", SlaText.Fraction(link.SuccessRatio), "", "") + "\n");
        }
    }

    private static void Row(TextWriter writer, string scope, string name, string site, string mode, string period, SlaFigures figures,
        double? ratio, SlaVerdict verdict) =>
        writer.Write(string.Join(',', scope, Field(name), Field(site), mode, period,
            SlaText.Fraction(figures.Availability), SlaText.Fraction(figures.Reliability), SlaText.Fraction(figures.Unknown),
            SlaText.Fraction(figures.Downtime), SlaText.Fraction(ratio), verdict.Pass ? "true" : "false",
            string.Join(' ', verdict.Failed)) + "\n");

    /// <summary>RFC 4180 quoting; configuration names cannot hold a comma or quote, but nothing here relies on it.</summary>
    private static string Field(string text) =>
        text.AsSpan().IndexOfAny(",\"\n") >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
}
