using System.Text;
using Lakemon.Collector.Sinks.Influx;

namespace Lakemon.Tests.Sinks.Influx;

public sealed class InfluxLineProtocolTests
{
    [Theory]
    [InlineData("lakemon_probe", "lakemon_probe")]
    [InlineData("a b", @"a\ b")]
    [InlineData("a,b", @"a\,b")]
    // A measurement may hold '=' as it is: only tag and field keys separate on it.
    [InlineData("a=b", "a=b")]
    [InlineData(@"a\", @"a\\")]
    public void AppendMeasurement_SpecialCharacters_AreEscaped(string name, string expected)
    {
        var line = new StringBuilder();
        InfluxLineProtocol.AppendMeasurement(line, name);
        Assert.Equal(expected, line.ToString());
    }

    [Theory]
    [InlineData("LAKE-A", "LAKE-A")]
    [InlineData("LAKE A,1=x", @"LAKE\ A\,1\=x")]
    [InlineData(@"ends\", @"ends\\")]
    [InlineData(@"a\,b", @"a\\\,b")]
    [InlineData("two\nlines\r\tx", @"two\nlines\r\tx")]
    [InlineData("Zürich→LAKE", "Zürich→LAKE")]
    public void AppendName_SpecialCharacters_AreEscaped(string name, string expected)
    {
        var line = new StringBuilder();
        InfluxLineProtocol.AppendName(line, name);
        Assert.Equal(expected, line.ToString());
    }

    [Theory]
    [InlineData(0L, "0i")]
    [InlineData(42L, "42i")]
    [InlineData(-1L, "-1i")]
    [InlineData(long.MaxValue, "9223372036854775807i")]
    public void AppendInteger_Value_HasTheIntegerSuffix(long value, string expected)
    {
        var line = new StringBuilder();
        InfluxLineProtocol.AppendInteger(line, value);
        Assert.Equal(expected, line.ToString());
    }

    [Theory]
    [InlineData(0.5, "0.5")]
    [InlineData(1.0, "1")]
    [InlineData(1e-5, "1E-05")]
    [InlineData(123456789.125, "123456789.125")]
    public void AppendFloat_Value_IsTheShortestRoundTripForm(double value, string expected)
    {
        var line = new StringBuilder();
        InfluxLineProtocol.AppendFloat(line, value);
        Assert.Equal(expected, line.ToString());
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void AppendFloat_NotFinite_Throws(double value) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => InfluxLineProtocol.AppendFloat(new StringBuilder(), value));
}
