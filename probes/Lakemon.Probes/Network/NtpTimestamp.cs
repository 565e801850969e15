using System.Buffers.Binary;

namespace Lakemon.Probes.Network;

/// <summary>
/// The 64-bit NTP timestamp of RFC 5357 §4.1.2 (via RFC 4656 §4.1.2): 32 bits of seconds since 1900-01-01 UTC and
/// 32 bits of binary fraction, big-endian. The fraction's unit (2^-32 s ≈ 0.23 ns) is finer than a tick.
/// </summary>
public readonly record struct NtpTimestamp(uint Seconds, uint Fraction)
{
    public const int Size = 8;

    private static readonly DateTime Epoch = new(1900, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static NtpTimestamp FromDateTime(DateTime utc)
    {
        var ticks = utc.ToUniversalTime().Ticks - Epoch.Ticks;
        var seconds = ticks / TimeSpan.TicksPerSecond;
        var remainder = ticks % TimeSpan.TicksPerSecond;
        var fraction = (ulong)remainder * (1UL << 32) / TimeSpan.TicksPerSecond;
        return new NtpTimestamp(unchecked((uint)seconds), (uint)fraction);
    }

    public DateTime ToDateTime()
    {
        var fractionTicks = (long)((ulong)Fraction * TimeSpan.TicksPerSecond >> 32);
        return Epoch.AddTicks((Seconds * TimeSpan.TicksPerSecond) + fractionTicks);
    }

    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, Seconds);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], Fraction);
    }

    public static NtpTimestamp Read(ReadOnlySpan<byte> source) =>
        new(BinaryPrimitives.ReadUInt32BigEndian(source), BinaryPrimitives.ReadUInt32BigEndian(source[4..]));
}
