namespace Lakemon.Probes.Network;

/// <summary>How a trace runs: TTLs 1..<see cref="MaxHops"/>, <see cref="ProbesPerHop"/> UDP probes each, each
/// waiting up to <see cref="ProbeTimeout"/> for its ICMP answer.</summary>
public sealed record TraceOptions
{
    public int MaxHops { get; init; } = 30;

    public int ProbesPerHop { get; init; } = 3;

    public TimeSpan ProbeTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The first destination port, as in traceroute(8); probe n goes to BasePort + n.</summary>
    public int BasePort { get; init; } = 33434;
}
