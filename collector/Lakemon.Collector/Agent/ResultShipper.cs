using System.Net;
using System.Net.Http.Headers;
using Lakemon.Collector.Ingest;
using Lakemon.Probes.Security;

namespace Lakemon.Collector.Agent;

/// <summary>
/// Sends spooled segments to the collector's ingest API, oldest first, one segment per request. A 200 deletes the
/// segment; a 400 (the collector will never take it) moves it aside; anything else — no answer, 401, 5xx — leaves it
/// in place and retries with backoff. Resending after a lost acknowledgement is harmless: the store skips known ids.
/// </summary>
public sealed class ResultShipper(ResultSpool spool, Uri collector, string token, HttpClient http, TimeProvider? time = null)
{
    private static readonly TimeSpan MinBackoff = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>What happened to the last attempt, for logs and /healthz; never contains the token.</summary>
    public string? LastError { get; private set; }

    /// <summary>Ships until the spool is empty; answers false if it gave up because of <paramref name="cancellationToken"/>.</summary>
    public async Task<bool> DrainAsync(CancellationToken cancellationToken)
    {
        var backoff = MinBackoff;
        while (!cancellationToken.IsCancellationRequested)
        {
            var segment = spool.Segments().FirstOrDefault();
            if (segment is null)
            {
                return true;
            }
            bool sent;
            try
            {
                sent = await TrySendAsync(segment, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return false;
            }
            if (sent)
            {
                backoff = MinBackoff;
                continue;
            }
            await Task.Delay(backoff, _time, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
        }
        return false;
    }

    /// <summary>Ships forever, waking every <paramref name="interval"/> or when <see cref="DrainAsync"/> finds work.</summary>
    public async Task RunAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await DrainAsync(cancellationToken);
            await Task.Delay(interval, _time, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private async Task<bool> TrySendAsync(string segment, CancellationToken cancellationToken)
    {
        byte[] body;
        try
        {
            body = await File.ReadAllBytesAsync(segment, cancellationToken);
        }
        catch (FileNotFoundException)
        {
            return true;
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(collector, IngestEndpoints.ResultsPath))
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                spool.Acknowledge(segment);
                LastError = null;
                return true;
            }
            var reason = await response.Content.ReadAsStringAsync(cancellationToken);
            LastError = SecretRedactor.Redact($"collector answered {(int)response.StatusCode}: {reason}");
            if (response.StatusCode == HttpStatusCode.BadRequest)
            {
                spool.Reject(segment);
                return true;
            }
            return false;
        }
        catch (Exception e) when (e is HttpRequestException or IOException || e is OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            LastError = SecretRedactor.Redact($"collector unreachable: {e.Message}");
            return false;
        }
    }
}
