using Lakemon.Collector.Sla;
using Lakemon.Probes.Configuration;

namespace Lakemon.Tests.Sla;

/// <summary>DESIGN.md §6 cell by cell. AND = worst of OK &lt; WARNING &lt; UNKNOWN &lt; CRITICAL &lt; DOWNTIME; OR = best,
/// except UNKNOWN OR CRITICAL = CRITICAL, and DOWNTIME OR x = x.</summary>
public class SlaTruthTableTests
{
    private const SlaStatus O = SlaStatus.Ok;
    private const SlaStatus W = SlaStatus.Warning;
    private const SlaStatus U = SlaStatus.Unknown;
    private const SlaStatus C = SlaStatus.Critical;
    private const SlaStatus D = SlaStatus.Downtime;

    [Theory]
    [InlineData(O, O, O)]
    [InlineData(O, W, W)]
    [InlineData(O, U, U)]
    [InlineData(O, C, C)]
    [InlineData(O, D, D)]
    [InlineData(W, O, W)]
    [InlineData(W, W, W)]
    [InlineData(W, U, U)]
    [InlineData(W, C, C)]
    [InlineData(W, D, D)]
    [InlineData(U, O, U)]
    [InlineData(U, W, U)]
    [InlineData(U, U, U)]
    [InlineData(U, C, C)]
    [InlineData(U, D, D)]
    [InlineData(C, O, C)]
    [InlineData(C, W, C)]
    [InlineData(C, U, C)]
    [InlineData(C, C, C)]
    [InlineData(C, D, D)]
    [InlineData(D, O, D)]
    [InlineData(D, W, D)]
    [InlineData(D, U, D)]
    [InlineData(D, C, D)]
    [InlineData(D, D, D)]
    public void And_EveryCell_IsTheWorst(SlaStatus left, SlaStatus right, SlaStatus expected)
    {
        Assert.Equal(expected, SlaTruthTable.And(left, right));
        Assert.Equal(expected, SlaTruthTable.Combine(SlaProfileMode.And, left, right));
    }

    [Theory]
    [InlineData(O, O, O)]
    [InlineData(O, W, O)]
    [InlineData(O, U, O)]
    [InlineData(O, C, O)]
    [InlineData(O, D, O)]
    [InlineData(W, O, O)]
    [InlineData(W, W, W)]
    [InlineData(W, U, W)]
    [InlineData(W, C, W)]
    [InlineData(W, D, W)]
    [InlineData(U, O, O)]
    [InlineData(U, W, W)]
    [InlineData(U, U, U)]
    [InlineData(U, C, C)]
    [InlineData(U, D, U)]
    [InlineData(C, O, O)]
    [InlineData(C, W, W)]
    [InlineData(C, U, C)]
    [InlineData(C, C, C)]
    [InlineData(C, D, C)]
    [InlineData(D, O, O)]
    [InlineData(D, W, W)]
    [InlineData(D, U, U)]
    [InlineData(D, C, C)]
    [InlineData(D, D, D)]
    public void Or_EveryCell_IsTheBestWithCriticalBeatingUnknown(SlaStatus left, SlaStatus right, SlaStatus expected)
    {
        Assert.Equal(expected, SlaTruthTable.Or(left, right));
        Assert.Equal(expected, SlaTruthTable.Combine(SlaProfileMode.Or, left, right));
    }
}
