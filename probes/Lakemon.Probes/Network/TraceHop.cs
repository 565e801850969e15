using System.Net;

namespace Lakemon.Probes.Network;

/// <summary>One TTL of a trace: who answered (null: nobody within the timeout) and the RTT of each answered probe.</summary>
public sealed record TraceHop(int Ttl, IPAddress? Address, IReadOnlyList<double> RttSeconds);
