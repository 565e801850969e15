using Lakemon.Probes.Configuration;

namespace Lakemon.Tests.Configuration;

public class DurationParserTests
{
    [Theory]
    [InlineData("500ms", 500L)]
    [InlineData("30s", 30_000L)]
    [InlineData("5m", 300_000L)]
    [InlineData("1h", 3_600_000L)]
    [InlineData("2d", 172_800_000L)]
    [InlineData("1h30m", 5_400_000L)]
    [InlineData("1m30s", 90_000L)]
    [InlineData("1d2h3m4s5ms", 93_784_005L)]
    [InlineData("0", 0L)]
    [InlineData("0s", 0L)]
    [InlineData("-5s", -5_000L)]
    public void TryParse_ValidDuration_ReturnsMilliseconds(string text, long milliseconds)
    {
        Assert.True(DurationParser.TryParse(text, out var value, out var error), error);
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), value);
    }

    [Theory]
    [InlineData(0L, "0")]
    [InlineData(500L, "500ms")]
    [InlineData(60_000L, "1m")]
    [InlineData(90_000L, "1m30s")]
    [InlineData(93_784_005L, "1d2h3m4s5ms")]
    [InlineData(-5_000L, "-5s")]
    public void Format_Duration_IsWhatTryParseReads(long milliseconds, string expected)
    {
        var text = DurationParser.Format(TimeSpan.FromMilliseconds(milliseconds));

        Assert.Equal(expected, text);
        Assert.True(DurationParser.TryParse(text, out var back, out _));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), back);
    }

    [Theory]
    [InlineData("60")]
    [InlineData("1x")]
    [InlineData("1m1h")]
    [InlineData("1h1h")]
    [InlineData("1.5h")]
    [InlineData("s")]
    [InlineData("-")]
    [InlineData("")]
    [InlineData("1h 30m")]
    public void TryParse_InvalidDuration_ExplainsTheFormat(string text)
    {
        Assert.False(DurationParser.TryParse(text, out _, out var error));
        Assert.Equal($"'{text}' is not a duration (use a number with unit ms, s, m, h or d, e.g. 30s or 1h30m)", error);
    }

    [Fact]
    public void TryParse_Overflow_SaysTooLarge()
    {
        Assert.False(DurationParser.TryParse("99999999999999999d", out _, out var error));
        Assert.Equal("duration '99999999999999999d' is too large", error);
    }
}
