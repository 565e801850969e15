namespace Lakemon.Probes.Network;

/// <summary>
/// The 16-bit Error Estimate of RFC 4656 §4.1.2 that TWAMP (RFC 5357 §4.1.2) reuses: S (the clock is synchronised
/// to UTC), Z (0 = NTP timestamp format), 6 bits of Scale and 8 of Multiplier; the error is Multiplier × 2^(Scale-32) s.
/// The Multiplier must not be zero, which lets a receiver tell a test packet from zero-filled noise.
/// </summary>
public readonly record struct TwampErrorEstimate(bool Synchronized, byte Scale, byte Multiplier)
{
    /// <summary>An estimate of about 1 ms (Multiplier 1 × 2^(22-32) s): what NTP-disciplined hosts typically claim.</summary>
    public static TwampErrorEstimate Default(bool synchronized) => new(synchronized, 22, 1);

    public ushort Encode() => (ushort)((Synchronized ? 0x8000 : 0) | ((Scale & 0x3F) << 8) | Multiplier);

    /// <summary>False for the Z bit set (a PTP timestamp, which lakemon does not speak) or a zero Multiplier.</summary>
    public static bool TryDecode(ushort raw, out TwampErrorEstimate estimate)
    {
        estimate = new TwampErrorEstimate((raw & 0x8000) != 0, (byte)((raw >> 8) & 0x3F), (byte)(raw & 0xFF));
        return (raw & 0x4000) == 0 && estimate.Multiplier != 0;
    }
}
