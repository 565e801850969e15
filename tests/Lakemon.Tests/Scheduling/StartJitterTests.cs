using Lakemon.Collector.Scheduling;

namespace Lakemon.Tests.Scheduling;

public sealed class StartJitterTests
{
    [Theory]
    [InlineData(0.0, 0)]
    [InlineData(0.5, 15)]
    [InlineData(0.9999999999999999, 30)]
    public void Next_SampleAtTheEdges_StaysWithinZeroAndMax(double sample, int expectedSeconds)
    {
        var jitter = new StartJitter(new FixedRandom(sample));

        var delay = jitter.Next(TimeSpan.FromSeconds(30));

        Assert.Equal(expectedSeconds, delay.TotalSeconds, precision: 3);
        Assert.InRange(delay, TimeSpan.Zero, TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void Next_ManyDraws_AllWithinBoundsAndSpreadOverTheRange()
    {
        var jitter = new StartJitter(new Random(42));
        var max = TimeSpan.FromSeconds(30);

        var draws = Enumerable.Range(0, 10_000).Select(_ => jitter.Next(max)).ToList();

        Assert.All(draws, d => Assert.InRange(d, TimeSpan.Zero, max));
        // Uniform: both ends of the range are reached, not one value over and over.
        Assert.True(draws.Min() < TimeSpan.FromSeconds(1));
        Assert.True(draws.Max() > TimeSpan.FromSeconds(29));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void Next_NoJitterConfigured_IsZero(int seconds)
    {
        Assert.Equal(TimeSpan.Zero, new StartJitter(new FixedRandom(0.7)).Next(TimeSpan.FromSeconds(seconds)));
    }
}
