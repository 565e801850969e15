using Lakemon.Probes.Configuration;
using Lakemon.Probes.Reports;

namespace Lakemon.Tests.Reports;

public class SizeTextTests
{
    [Theory]
    [InlineData(0L, "0B")]
    [InlineData(1L, "1B")]
    [InlineData(1500L, "1500B")]
    [InlineData(1536L, "1536B")]
    [InlineData(1024L, "1KiB")]
    [InlineData(1L << 20, "1MiB")]
    [InlineData(1L << 30, "1GiB")]
    [InlineData(5L << 30, "5GiB")]
    [InlineData(1L << 40, "1024GiB")]
    [InlineData(1000L, "1KB")]
    [InlineData(1_000_000L, "1MB")]
    [InlineData(2_000_000_000L, "2GB")]
    [InlineData(1_024_000L, "1000KiB")]
    [InlineData(1_048_577L, "1048577B")]
    public void Format_Bytes_UsesTheLargestExactUnit(long bytes, string expected) => Assert.Equal(expected, SizeText.Format(bytes));

    [Theory]
    [InlineData(0L)]
    [InlineData(999L)]
    [InlineData(4096L)]
    [InlineData(3_000_000L)]
    [InlineData(1L << 35)]
    [InlineData(long.MaxValue)]
    public void Format_AnySize_ParsesBackToTheSameBytes(long bytes)
    {
        Assert.True(ByteSizeParser.TryParse(SizeText.Format(bytes), out var parsed, out var error), error);

        Assert.Equal(bytes, parsed);
    }
}
