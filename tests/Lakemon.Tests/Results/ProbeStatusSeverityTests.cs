using Lakemon.Probes.Results;

namespace Lakemon.Tests.Results;

public class ProbeStatusSeverityTests
{
    [Fact]
    public void Comparer_AllStatuses_SortsOkWarningUnknownCritical()
    {
        var sorted = Enum.GetValues<ProbeStatus>().Order(ProbeStatusSeverity.Comparer);

        // DESIGN.md §6, and deliberately not the gauge values of §5 (where CRITICAL = 2 < UNKNOWN = 3).
        Assert.Equal([ProbeStatus.Ok, ProbeStatus.Warning, ProbeStatus.Unknown, ProbeStatus.Critical], sorted);
    }

    [Theory]
    [InlineData(new[] { ProbeStatus.Ok }, ProbeStatus.Ok)]
    [InlineData(new[] { ProbeStatus.Ok, ProbeStatus.Warning, ProbeStatus.Ok }, ProbeStatus.Warning)]
    [InlineData(new[] { ProbeStatus.Warning, ProbeStatus.Unknown }, ProbeStatus.Unknown)]
    [InlineData(new[] { ProbeStatus.Critical, ProbeStatus.Unknown }, ProbeStatus.Critical)]
    [InlineData(new[] { ProbeStatus.Unknown, ProbeStatus.Critical, ProbeStatus.Ok }, ProbeStatus.Critical)]
    public void Worst_Statuses_ReturnsTheMostSevere(ProbeStatus[] statuses, ProbeStatus expected) =>
        Assert.Equal(expected, statuses.Worst());

    [Fact]
    public void Worst_NoStatus_Throws() => Assert.Throws<ArgumentException>(() => Array.Empty<ProbeStatus>().Worst());

    [Fact]
    public void Severity_EveryStatus_IsDistinct() =>
        Assert.Equal(4, Enum.GetValues<ProbeStatus>().Select(s => s.Severity()).Distinct().Count());
}
