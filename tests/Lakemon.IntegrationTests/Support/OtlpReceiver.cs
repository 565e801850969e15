using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Metrics.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace Lakemon.IntegrationTests.Support;

/// <summary>
/// A minimal OTLP/HTTP receiver (Kestrel on 127.0.0.1, port 0): accepts <c>POST /v1/metrics</c> and
/// <c>POST /v1/traces</c> with <c>application/x-protobuf</c> bodies (OTLP spec, "OTLP/HTTP"), decodes them with the
/// classes generated from the official .proto files and keeps every request — headers, raw body, decoded message — so
/// tests can assert on names, data points, spans, and on what must never be sent.
/// </summary>
internal sealed class OtlpReceiver : IAsyncDisposable
{
    private const string ProtobufContentType = "application/x-protobuf";

    private readonly WebApplication _app;
    private readonly Lock _gate = new();
    private readonly List<OtlpRequest<ExportMetricsServiceRequest>> _metrics = [];
    private readonly List<OtlpRequest<ExportTraceServiceRequest>> _traces = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private OtlpReceiver(WebApplication app)
    {
        _app = app;
    }

    /// <summary>The base URL to configure as <c>sinks.otlp.endpoint</c>.</summary>
    public Uri Endpoint { get; private set; } = new("http://invalid/");

    public IReadOnlyList<OtlpRequest<ExportMetricsServiceRequest>> MetricRequests
    {
        get
        {
            lock (_gate)
            {
                return [.. _metrics];
            }
        }
    }

    public IReadOnlyList<OtlpRequest<ExportTraceServiceRequest>> TraceRequests
    {
        get
        {
            lock (_gate)
            {
                return [.. _traces];
            }
        }
    }

    /// <summary>Every metric name received so far.</summary>
    public IReadOnlySet<string> MetricNames =>
        MetricRequests.SelectMany(r => r.Message.ResourceMetrics).SelectMany(r => r.ScopeMetrics).SelectMany(s => s.Metrics)
            .Select(m => m.Name).ToHashSet(StringComparer.Ordinal);

    /// <summary>Every span received so far.</summary>
    public IReadOnlyList<Span> Spans =>
        [.. TraceRequests.SelectMany(r => r.Message.ResourceSpans).SelectMany(r => r.ScopeSpans).SelectMany(s => s.Spans)];

    /// <summary>The metric of that name in the latest metrics request that has it (cumulative exports repeat every
    /// series still alive, so the latest one is the current state), or null.</summary>
    public Metric? LatestMetric(string name) =>
        MetricRequests.Reverse().SelectMany(r => r.Message.ResourceMetrics).SelectMany(r => r.ScopeMetrics).SelectMany(s => s.Metrics)
            .FirstOrDefault(m => m.Name == name);

    /// <summary>The metric of that name in the latest metrics request (null when that request does not have it).</summary>
    public Metric? MetricInLatestRequest(string name) =>
        MetricRequests.LastOrDefault()?.Message.ResourceMetrics.SelectMany(r => r.ScopeMetrics).SelectMany(s => s.Metrics)
            .FirstOrDefault(m => m.Name == name);

    public static async Task<OtlpReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new OtlpReceiver(app);
        app.MapPost("/v1/metrics", context => receiver.ReceiveAsync(context, ExportMetricsServiceRequest.Parser, receiver._metrics,
            new ExportMetricsServiceResponse()));
        app.MapPost("/v1/traces", context => receiver.ReceiveAsync(context, ExportTraceServiceRequest.Parser, receiver._traces,
            new ExportTraceServiceResponse()));
        await app.StartAsync();
        receiver.Endpoint = new Uri(app.Urls.First().TrimEnd('/') + "/");
        return receiver;
    }

    /// <summary>Waits until <paramref name="condition"/> holds, re-checking after each request received.</summary>
    public async Task WaitUntilAsync(Func<OtlpReceiver, bool> condition, TimeSpan timeout, string what)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                changed = _changed.Task;
            }
            if (condition(this))
            {
                return;
            }
            try
            {
                await changed.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"OTLP receiver: no {what} within {timeout.TotalSeconds} s " +
                    $"({MetricRequests.Count} metrics and {TraceRequests.Count} trace requests received)");
            }
        }
    }

    private async Task ReceiveAsync<T>(HttpContext context, MessageParser<T> parser, List<OtlpRequest<T>> into, IMessage response)
        where T : IMessage<T>
    {
        if (context.Request.ContentType != ProtobufContentType)
        {
            context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            return;
        }
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        var bytes = body.ToArray();
        var message = parser.ParseFrom(bytes);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        TaskCompletionSource changed;
        lock (_gate)
        {
            into.Add(new OtlpRequest<T>(headers, bytes, message));
            changed = _changed;
            _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        changed.SetResult();
        // OTLP/HTTP: a full success is 200 with an Export*ServiceResponse in the request's encoding.
        context.Response.ContentType = ProtobufContentType;
        await context.Response.Body.WriteAsync(response.ToByteArray(), context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
