using System.Security.Cryptography;
using System.Text;

namespace Lakemon.Probes.Network;

/// <summary>
/// A finished trace. <see cref="Fingerprint"/> hashes the hop addresses in order ("*" for a silent hop): the same
/// path gives the same fingerprint whatever the RTTs, so a changed fingerprint is a changed path.
/// </summary>
public sealed record TraceResult(IReadOnlyList<TraceHop> Hops, bool Reached)
{
    public string Fingerprint => Of(Hops.Select(h => h.Address?.ToString()));

    public static string Of(IEnumerable<string?> addresses)
    {
        var path = string.Join(' ', addresses.Select(a => a ?? "*"));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(path)))[..16];
    }
}
