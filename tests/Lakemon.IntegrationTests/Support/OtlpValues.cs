using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Metrics.V1;
using OpenTelemetry.Proto.Resource.V1;

namespace Lakemon.IntegrationTests.Support;

/// <summary>Reading decoded OTLP values in assertions.</summary>
internal static class OtlpValues
{
    public static string? Attribute(this IEnumerable<KeyValue> attributes, string key) =>
        attributes.FirstOrDefault(a => a.Key == key)?.Value is { } value ? Text(value) : null;

    public static string? Attribute(this Resource resource, string key) => resource.Attributes.Attribute(key);

    public static string Text(AnyValue value) => value.ValueCase switch
    {
        AnyValue.ValueOneofCase.StringValue => value.StringValue,
        AnyValue.ValueOneofCase.IntValue => value.IntValue.ToString(System.Globalization.CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.DoubleValue => value.DoubleValue.ToString(System.Globalization.CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.BoolValue => value.BoolValue ? "true" : "false",
        _ => value.ToString(),
    };

    /// <summary>The data points of a gauge as (attributes, value) pairs.</summary>
    public static IReadOnlyList<(IReadOnlyDictionary<string, string> Labels, double Value)> GaugePoints(this Metric metric) =>
        [.. metric.Gauge.DataPoints.Select(p => ((IReadOnlyDictionary<string, string>)p.Attributes.ToDictionary(a => a.Key, a => Text(a.Value)),
            p.ValueCase == NumberDataPoint.ValueOneofCase.AsInt ? p.AsInt : p.AsDouble))];
}
