using System.Globalization;

namespace Lakemon.Probes.Checksums;

/// <summary>
/// Adler-32 (RFC 1950 §8), the checksum the WLCG/Rucio world agrees on, incremental so that streamed reads and
/// writes are checked without buffering whole files. Rendered as 8 lower-case hex digits like xrdadler32 and Rucio.
/// </summary>
public sealed class Adler32
{
    private const uint Modulus = 65521;
    // The largest n such that 255·n·(n+1)/2 + (n+1)·(Modulus−1) fits in 32 bits: the sums may be deferred that long.
    private const int MaxDeferred = 5552;

    private uint _a = 1;
    private uint _b;

    public uint Value => _b << 16 | _a;

    public string Hex => Format(Value);

    public static string Format(uint value) => value.ToString("x8", CultureInfo.InvariantCulture);

    public static string Compute(ReadOnlySpan<byte> data)
    {
        var adler = new Adler32();
        adler.Append(data);
        return adler.Hex;
    }

    public void Append(ReadOnlySpan<byte> data)
    {
        uint a = _a, b = _b;
        while (data.Length > 0)
        {
            var chunk = data[..Math.Min(data.Length, MaxDeferred)];
            foreach (var value in chunk)
            {
                a += value;
                b += a;
            }
            a %= Modulus;
            b %= Modulus;
            data = data[chunk.Length..];
        }
        _a = a;
        _b = b;
    }
}
