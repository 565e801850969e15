namespace Lakemon.Probes.Network;

/// <summary>How a latency test runs: <see cref="Count"/> packets, one every <see cref="Interval"/>, then up to
/// <see cref="Wait"/> for late answers. <see cref="Synchronized"/> declares this host's clock synchronised to UTC;
/// one-way delays are reported only when the reflector declares the same (the S bit of its answers).</summary>
public sealed record LatencyProbeOptions
{
    public int Count { get; init; } = 100;

    public TimeSpan Interval { get; init; } = TimeSpan.FromMilliseconds(10);

    public TimeSpan Wait { get; init; } = TimeSpan.FromSeconds(2);

    public int PacketSize { get; init; } = TwampTestPacket.MinimumSize;

    public bool Synchronized { get; init; }
}
