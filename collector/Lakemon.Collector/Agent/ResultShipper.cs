using System.Net.Http.Headers;
using Lakemon.Collector.Ingest;
using Lakemon.Collector.Spooling;

namespace Lakemon.Collector.Agent;

/// <summary>
/// Sends spooled segments to the collector's ingest API, oldest first, one segment per request. A 200 deletes the
/// segment; a 400 (the collector will never take it) moves it aside; anything else — no answer, 401, 5xx — leaves it
/// in place and retries with backoff. Resending after a lost acknowledgement is harmless: the store skips known ids.
/// </summary>
public sealed class ResultShipper
{
    private readonly Uri _collector;
    private readonly string _token;
    private readonly HttpClient _http;
    private readonly SpoolDrainer _drainer;

    public ResultShipper(ResultSpool spool, Uri collector, string token, HttpClient http, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(spool);
        _collector = collector;
        _token = token;
        _http = http;
        _drainer = new SpoolDrainer(spool.Storage, SendAsync, time);
    }

    /// <summary>What happened to the last attempt, for logs and /healthz; never contains the token.</summary>
    public string? LastError => _drainer.LastError;

    /// <summary>Ships until the spool is empty; answers false if it gave up because of <paramref name="cancellationToken"/>.</summary>
    public Task<bool> DrainAsync(CancellationToken cancellationToken) => _drainer.DrainAsync(cancellationToken);

    /// <summary>Ships forever, waking every <paramref name="interval"/> or when <see cref="DrainAsync"/> finds work.</summary>
    public Task RunAsync(TimeSpan interval, CancellationToken cancellationToken) => _drainer.RunAsync(interval, cancellationToken);

    private async Task<SegmentDelivery> SendAsync(byte[] body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_collector, IngestEndpoints.ResultsPath))
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        return await HttpSegmentSender.SendAsync(_http, request, "collector", cancellationToken);
    }
}
