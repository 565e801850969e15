using System.Net;
using System.Net.Http.Headers;
using Lakemon.Collector.Metrics;
using Lakemon.Probes.Results;
using Lakemon.Tests.Results;

namespace Lakemon.Tests.Metrics;

/// <summary>/metrics over real HTTP: Kestrel on a free loopback port.</summary>
public sealed class MetricsServerTests : IAsyncLifetime
{
    private const string OkUpload = "lakemon_probe_results_total{rse=\"LAKE-A\",protocol=\"root\",operation=\"upload\",status=\"OK\",failure_kind=\"\"}";

    private readonly LakemonMetrics _metrics = new(new LakemonMetricsOptions());
    private readonly HttpClient _http = new();
    private MetricsServer? _server;

    private MetricsServer Server => _server ?? throw new InvalidOperationException("server not started");

    public async Task InitializeAsync() => _server = await MetricsServer.StartAsync(_metrics, "http://127.0.0.1:0", CancellationToken.None);

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
        _http.Dispose();
        _metrics.Dispose();
    }

    [Fact]
    public void StartAsync_PortZero_ListensOnTheLoopbackPortItGot()
    {
        Assert.Equal("127.0.0.1", Server.Address.Host);
        Assert.NotEqual(0, Server.Address.Port);
        Assert.Equal(new Uri($"http://127.0.0.1:{Server.Address.Port}/metrics"), Server.MetricsUri);
    }

    [Fact]
    public async Task Get_Metrics_ServesTheTextFormatWithRecordedResults()
    {
        _metrics.Record(Fresh(SampleResults.Storage()));
        _metrics.Record(Fresh(SampleResults.Storage(operation: ProbeOperation.Read)));

        using var response = await _http.GetAsync(Server.MetricsUri);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Contains($"{OkUpload} 1\n", body, StringComparison.Ordinal);
        Assert.Equal(2, body.Split('\n').Count(line => line.StartsWith("lakemon_probe_success{", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Get_MetricsAskingForOpenMetrics_NamesTheCounterFamilyWithoutTotal()
    {
        // Prometheus asks for OpenMetrics first, where a counter family drops _total and only its samples keep it.
        _metrics.Record(SampleResults.Storage());
        using var request = new HttpRequestMessage(HttpMethod.Get, Server.MetricsUri);
        request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse("application/openmetrics-text; version=1.0.0"));

        using var response = await _http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal("application/openmetrics-text", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("\n# TYPE lakemon_probe_results counter\n", body, StringComparison.Ordinal);
        Assert.Contains($"\n{OkUpload} 1.0\n", body, StringComparison.Ordinal);
        Assert.EndsWith("# EOF\n", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_Metrics_IsNotAllowed()
    {
        using var response = await _http.PostAsync(Server.MetricsUri, new StringContent(""));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    // The server's holder runs on the system clock, on which the samples' fixed start is long past its freshness.
    private static ProbeResult Fresh(ProbeResult result) => result with { StartedAt = DateTimeOffset.UtcNow };
}
