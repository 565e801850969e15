namespace Lakemon.Tests.Scheduling;

/// <summary>A random source that always draws the same sample, so a jitter test knows the delay in advance.</summary>
internal sealed class FixedRandom(double sample) : Random
{
    protected override double Sample() => sample;

    public override double NextDouble() => sample;
}
