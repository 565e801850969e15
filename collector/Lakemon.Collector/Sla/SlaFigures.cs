namespace Lakemon.Collector.Sla;

/// <summary>
/// Availability, reliability, unknown and downtime as fractions (0..1) of a day or a month (DESIGN.md §6), rounded to
/// <see cref="Digits"/> decimals so that every output form shows the same numbers. Null is undefined: every slice was
/// unknown (or, for reliability, unknown or downtime).
/// </summary>
public sealed record SlaFigures(double? Availability, double? Reliability, double Unknown, double Downtime)
{
    public const int Digits = 6;

    /// <summary>Daily figures over <paramref name="slices"/> slices: A = up / (T − unknown), R = up / (T − unknown − down).</summary>
    public static SlaFigures OfDay(int slices, int up, int unknown, int down) => new(
        Ratio(up, slices - unknown),
        Ratio(up, slices - unknown - down),
        Round((double)unknown / slices),
        Round((double)down / slices));

    /// <summary>Monthly figures from the daily fractions: A = mean(up) / (1 − mean(unknown)), R = mean(up) / (1 −
    /// mean(unknown) − mean(down)).</summary>
    public static SlaFigures OfMonth(double meanUp, double meanUnknown, double meanDown) => new(
        Ratio(meanUp, 1 - meanUnknown),
        Ratio(meanUp, 1 - meanUnknown - meanDown),
        Round(meanUnknown),
        Round(meanDown));

    private static double? Ratio(double numerator, double denominator) =>
        // Below a rounding error of the means, the denominator is zero: every slice was unknown (or down).
        denominator <= 1e-12 ? null : Round(numerator / denominator);

    private static double Round(double value) => Math.Round(value, Digits, MidpointRounding.AwayFromZero);
}
