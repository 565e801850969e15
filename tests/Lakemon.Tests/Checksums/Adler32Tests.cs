using System.Text;
using Lakemon.Probes.Checksums;

namespace Lakemon.Tests.Checksums;

public class Adler32Tests
{
    [Theory]
    [InlineData("", "00000001")]
    [InlineData("a", "00620062")]
    [InlineData("abc", "024d0127")]
    [InlineData("Wikipedia", "11e60398")]
    [InlineData("message digest", "29750586")]
    public void Compute_KnownVectors_MatchesReference(string text, string expected) =>
        Assert.Equal(expected, Adler32.Compute(Encoding.ASCII.GetBytes(text)));

    [Fact]
    public void Append_InPiecesAcrossDeferralLimit_EqualsOneShot()
    {
        // 0xFF bytes drive both sums to their maxima, the case where a missed modulo would overflow.
        var data = Enumerable.Repeat((byte)0xff, 1_000_003).ToArray();
        var pieces = new Adler32();
        for (var offset = 0; offset < data.Length; offset += 7919)
        {
            pieces.Append(data.AsSpan(offset, Math.Min(7919, data.Length - offset)));
        }
        Assert.Equal(Adler32.Compute(data), pieces.Hex);
        Assert.Equal(ReferenceAdler(data), pieces.Value);
    }

    [Theory]
    [InlineData(31)]
    [InlineData(32)]
    [InlineData(4095)]
    [InlineData(4096)]
    [InlineData(4097)]
    [InlineData(100_003)]
    [InlineData(3_000_000)]
    public void Append_RandomAndSaturatedData_EqualsScalarReference(int length)
    {
        // Covers the vector path (whole 32-byte chunks, 4096-byte blocks) and its scalar tail.
        var random = new byte[length];
        new Random(length).NextBytes(random);
        var saturated = Enumerable.Repeat((byte)0xff, length).ToArray();

        Assert.Equal(ReferenceAdler(random), Sum(random));
        Assert.Equal(ReferenceAdler(saturated), Sum(saturated));

        static uint Sum(byte[] data)
        {
            var adler = new Adler32();
            adler.Append(data);
            return adler.Value;
        }
    }

    private static uint ReferenceAdler(byte[] data)
    {
        ulong a = 1, b = 0;
        foreach (var value in data)
        {
            a = (a + value) % 65521;
            b = (b + a) % 65521;
        }
        return (uint)(b << 16 | a);
    }
}
