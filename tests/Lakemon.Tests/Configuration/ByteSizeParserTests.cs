using Lakemon.Probes.Configuration;

namespace Lakemon.Tests.Configuration;

public class ByteSizeParserTests
{
    [Theory]
    [InlineData("1024", 1024L)]
    [InlineData("1B", 1L)]
    [InlineData("1KB", 1000L)]
    [InlineData("1MB", 1_000_000L)]
    [InlineData("2GB", 2_000_000_000L)]
    [InlineData("1KiB", 1024L)]
    [InlineData("1MiB", 1_048_576L)]
    [InlineData("1GiB", 1_073_741_824L)]
    [InlineData("1 MiB", 1_048_576L)]
    [InlineData("1.5KiB", 1536L)]
    [InlineData("1kib", 1024L)]
    [InlineData("0", 0L)]
    [InlineData("-1KiB", -1024L)]
    public void TryParse_ValidSize_ReturnsBytes(string text, long expected)
    {
        Assert.True(ByteSizeParser.TryParse(text, out var bytes, out var error), error);
        Assert.Equal(expected, bytes);
    }

    [Theory]
    [InlineData("", "'' is not a size (use bytes or a number with unit B, KB, MB, GB, KiB, MiB, GiB)")]
    [InlineData("KiB", "'KiB' is not a size (use bytes or a number with unit B, KB, MB, GB, KiB, MiB, GiB)")]
    [InlineData("1TB", "'1TB' is not a size (use bytes or a number with unit B, KB, MB, GB, KiB, MiB, GiB)")]
    [InlineData("1e3", "'1e3' is not a size (use bytes or a number with unit B, KB, MB, GB, KiB, MiB, GiB)")]
    [InlineData("ten", "'ten' is not a size (use bytes or a number with unit B, KB, MB, GB, KiB, MiB, GiB)")]
    [InlineData("1.5B", "size '1.5B' is not a whole number of bytes")]
    [InlineData("99999999999GiB", "size '99999999999GiB' is too large")]
    public void TryParse_InvalidSize_ExplainsWhy(string text, string expected)
    {
        Assert.False(ByteSizeParser.TryParse(text, out _, out var error));
        Assert.Equal(expected, error);
    }
}
