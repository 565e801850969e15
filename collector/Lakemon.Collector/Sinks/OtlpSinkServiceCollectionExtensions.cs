using System.Diagnostics.Metrics;
using Lakemon.Collector.Metrics;
using Lakemon.Probes.Campaigns;
using Lakemon.Probes.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Lakemon.Collector.Sinks;

public static class OtlpSinkServiceCollectionExtensions
{
    /// <summary>The <c>service.name</c> resource attribute of everything the sink exports.</summary>
    public const string ServiceName = "lakemon";

    // The SDK's own default; a configuration with more checks raises it (see SeriesLimit).
    private const int MinimumSeriesLimit = 2000;

    // Over a process's life one check shows up in only a few status × failure_kind pairs (OK, WARNING, a failure or two).
    private const int CounterSeriesPerCheck = 4;

    /// <summary>
    /// Exports the <see cref="LakemonMetrics"/> instruments (by their Prometheus names, DESIGN.md §5) and the campaign
    /// traces of <see cref="ProbeTracing"/> over OTLP http/protobuf to <c>{endpoint}/v1/metrics</c> and
    /// <c>{endpoint}/v1/traces</c>, with the configured extra headers on every request. The providers start with the
    /// host ahead of its other services, so they listen before the first result is recorded, and flush when it stops.
    /// </summary>
    /// <exception cref="ArgumentException">A header that cannot be sent (bad name, a content header, a multi-line value).</exception>
    public static IServiceCollection AddLakemonOtlp(this IServiceCollection services, OtlpSinkOptions sink, OtlpExportOptions? export = null)
    {
        ArgumentNullException.ThrowIfNull(sink);
        export ??= new OtlpExportOptions();
        var headers = CheckedHeaders(sink.Headers);
        var metricsEndpoint = SignalEndpoint(sink.Endpoint, "v1/metrics");
        var tracesEndpoint = SignalEndpoint(sink.Endpoint, "v1/traces");
        var instance = export.ServiceInstanceId ?? $"{Environment.MachineName}-{Environment.ProcessId}";
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName,
                serviceVersion: typeof(LakemonMetrics).Assembly.GetName().Version?.ToString(),
                autoGenerateServiceInstanceId: false, serviceInstanceId: instance))
            .WithMetrics(metrics => metrics
                .AddMeter(LakemonMetrics.MeterName)
                .AddView(instrument => instrument.Meter.Name == LakemonMetrics.MeterName
                    ? new MetricStreamConfiguration { CardinalityLimit = SeriesLimit(instrument, export) }
                    : null)
                .AddOtlpExporter((exporter, reader) =>
                {
                    UseHttpProtobuf(exporter, metricsEndpoint, headers);
                    var periodic = reader.PeriodicExportingMetricReaderOptions;
                    periodic.ExportIntervalMilliseconds = export.MetricExportInterval is { } interval
                        ? checked((int)interval.TotalMilliseconds)
                        : periodic.ExportIntervalMilliseconds ?? (int)OtlpExportOptions.DefaultMetricExportInterval.TotalMilliseconds;
                }))
            .WithTracing(tracing => tracing
                .AddSource(ProbeTracing.SourceName)
                .AddOtlpExporter(exporter =>
                {
                    UseHttpProtobuf(exporter, tracesEndpoint, headers);
                    // A campaign yields hundreds of spans within seconds: one request per batch, not per span.
                    exporter.ExportProcessorType = ExportProcessorType.Batch;
                }));
        return services;
    }

    /// <summary>The signal URL under a base endpoint, as the OTLP exporter spec builds it from
    /// OTEL_EXPORTER_OTLP_ENDPOINT: the base path (if any) followed by <c>v1/{signal}</c>.</summary>
    internal static Uri SignalEndpoint(Uri endpoint, string signalPath)
    {
        var url = new UriBuilder(endpoint);
        url.Path = url.Path.TrimEnd('/') + "/" + signalPath;
        return url.Uri;
    }

    // The SDK preallocates each metric's points up to its cardinality limit and folds every label set beyond it into a
    // single overflow series, which would silently merge the checks of a large matrix (a full TPC mesh of 30 RSEs already
    // has more than 2000 links). So each instrument gets room for the label sets its family can have in this configuration.
    internal static int SeriesLimit(Instrument instrument, OtlpExportOptions export)
    {
        var checks = instrument.Name.StartsWith(LakemonMetrics.TransferPrefix + "_", StringComparison.Ordinal)
            ? export.TransferSeries
            : export.StorageSeries;
        // The counter is the one instrument whose labels go beyond the check's own (status, failure_kind).
        var series = instrument is Counter<long> ? (long)checks * CounterSeriesPerCheck : checks;
        return (int)Math.Clamp(series, MinimumSeriesLimit, int.MaxValue / 2);
    }

    // Headers go on the exporter's own HttpClient rather than through OtlpExporterOptions.Headers: that one is a single
    // "k=v,k2=v2" string that is URL-decoded before it is split, so a token holding ',' or '%2C' would be cut in two;
    // and an HttpClient of our own keeps the exporter off IHttpClientFactory, whose request logging we do not want.
    private static void UseHttpProtobuf(OtlpExporterOptions exporter, Uri endpoint, IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        exporter.Protocol = OtlpExportProtocol.HttpProtobuf;
        // Set in code, the endpoint is taken as the full signal URL (the SDK appends v1/... only to the env variable).
        exporter.Endpoint = endpoint;
        var timeout = TimeSpan.FromMilliseconds(exporter.TimeoutMilliseconds);
        var maxResponse = exporter.MaxResponseSizeBytes;
        exporter.HttpClientFactory = () =>
        {
            var client = new HttpClient { Timeout = timeout, MaxResponseContentBufferSize = maxResponse };
            foreach (var (name, value) in headers)
            {
                client.DefaultRequestHeaders.TryAddWithoutValidation(name, value);
            }
            return client;
        };
    }

    // Checked at start so that a bad header stops the node with a message, instead of failing every export in silence.
    // The values are secrets as often as not (an authorization token): no message here may quote one.
    private static List<KeyValuePair<string, string>> CheckedHeaders(IReadOnlyDictionary<string, string> headers)
    {
        using var request = new HttpRequestMessage();
        var checkedHeaders = new List<KeyValuePair<string, string>>(headers.Count);
        foreach (var (name, value) in headers)
        {
            if (value.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0)
            {
                throw new ArgumentException($"sinks.otlp.headers.{name}: a header value must be a single line");
            }
            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                throw new ArgumentException($"sinks.otlp.headers.{name}: not a valid request header name");
            }
            checkedHeaders.Add(new(name, value));
        }
        return checkedHeaders;
    }
}
