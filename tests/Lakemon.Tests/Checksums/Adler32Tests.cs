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
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(64)]
    [InlineData(5535)]
    [InlineData(5536)]
    [InlineData(5553)]
    [InlineData(1_048_577)]
    public void Append_RandomDataAnyLengthAndSplit_EqualsTheDefinition(int length)
    {
        // Each vector path and the scalar path must agree with the definition for every length and split point.
        var random = new Random(length);
        var data = new byte[length];
        random.NextBytes(data);
        var split = length == 0 ? 0 : random.Next(length);
        foreach (var vectorBits in new[] { 256, 0 })
        {
            var adler = new Adler32();

            adler.Append(data.AsSpan(0, split), vectorBits);
            adler.Append(data.AsSpan(split), vectorBits);

            Assert.Equal(ReferenceAdler(data), adler.Value);
        }
    }

    [Theory]
    [InlineData(256)]
    [InlineData(0)]
    public void Append_AllOnesPastTheDeferralLimit_EachPathEqualsTheDefinition(int vectorBits)
    {
        var data = Enumerable.Repeat((byte)0xff, 3 * 5552 + 129).ToArray();
        var adler = new Adler32();

        adler.Append(data, vectorBits);

        Assert.Equal(ReferenceAdler(data), adler.Value);
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
