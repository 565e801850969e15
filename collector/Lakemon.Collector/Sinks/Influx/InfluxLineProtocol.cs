using System.Globalization;
using System.Text;

namespace Lakemon.Collector.Sinks.Influx;

/// <summary>
/// The escaping rules of InfluxDB line protocol (reference, "Special characters"), the same for InfluxDB 1.x, 2.x and
/// VictoriaMetrics: a measurement escapes commas and spaces; tag keys, tag values and field keys also escape equals
/// signs. A backslash is doubled: the parsers skip the character after any backslash, so a name ending in one would
/// otherwise swallow the separator after it and break the point (InfluxDB 1.x then keeps the doubled form, still better
/// than a refused batch; lakemon's names have no backslashes). Newlines end a point and cannot be escaped, so they
/// become the two characters <c>\n</c>, as the official clients do.
/// </summary>
internal static class InfluxLineProtocol
{
    public static void AppendMeasurement(StringBuilder line, string name) => AppendEscaped(line, name, escapeEquals: false);

    /// <summary>A tag key, tag value or field key.</summary>
    public static void AppendName(StringBuilder line, string name) => AppendEscaped(line, name, escapeEquals: true);

    /// <summary>A signed 64-bit integer field value: the <c>i</c> suffix keeps it an integer (without it, a float).</summary>
    public static void AppendInteger(StringBuilder line, long value) =>
        line.Append(value.ToString(CultureInfo.InvariantCulture)).Append('i');

    /// <summary>A float field value; the caller leaves out NaN and infinities, which line protocol cannot carry.</summary>
    public static void AppendFloat(StringBuilder line, double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "line protocol has no NaN or infinity");
        }
        // Shortest round-trip form; exponents ("1E-05") are valid line protocol floats.
        line.Append(value.ToString("R", CultureInfo.InvariantCulture));
    }

    private static void AppendEscaped(StringBuilder line, string text, bool escapeEquals)
    {
        foreach (var c in text)
        {
            switch (c)
            {
                case ',' or ' ' or '\\':
                    line.Append('\\').Append(c);
                    break;
                case '=' when escapeEquals:
                    line.Append("\\=");
                    break;
                case '\n':
                    line.Append("\\n");
                    break;
                case '\r':
                    line.Append("\\r");
                    break;
                case '\t':
                    line.Append("\\t");
                    break;
                default:
                    line.Append(c);
                    break;
            }
        }
    }
}
