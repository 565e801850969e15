using System.Net.Http.Headers;
using System.Text.Json;
using Lakemon.Probes.Results;
using Lakemon.Scenarios.Engine;

namespace Lakemon.Scenarios.Rehearsals;

/// <summary>
/// Ships the rehearsal's results (kind=challenge, the run id) to a collector's ingest API at every real-time report
/// and once more at the end, so the collector's Prometheus metrics show the rehearsal live. A collector that does not
/// answer is reported once on stderr and does not stop the rehearsal; the token never appears in messages.
/// </summary>
public sealed class CollectorSink(ChallengeResults results, Uri collector, string token, HttpClient http, TextWriter log) : ILoadSink
{
    private const string ResultsPath = "/api/v1/results";
    private const int BatchSize = 1000;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _warned;

    public int Shipped { get; private set; }

    public Task SaveRealtimeAsync(string runId, ScenarioStats stats, CancellationToken cancellationToken) => ShipAsync(cancellationToken);

    public Task SaveFinalAsync(LoadRunResult result, CancellationToken cancellationToken) => ShipAsync(cancellationToken);

    private async Task ShipAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            while (results.TakePending(BatchSize) is { Count: > 0 } batch)
            {
                using var body = new MemoryStream();
                using (var json = new Utf8JsonWriter(body))
                {
                    json.WriteStartArray();
                    foreach (var result in batch)
                    {
                        ProbeResultJson.Write(json, result);
                    }
                    json.WriteEndArray();
                }
                using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(collector, ResultsPath))
                {
                    Content = new ByteArrayContent(body.ToArray()) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
                };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                try
                {
                    using var response = await http.SendAsync(request, cancellationToken);
                    if (response.IsSuccessStatusCode)
                    {
                        Shipped += batch.Count;
                        continue;
                    }
                    await WarnAsync($"collector {collector} answered {(int)response.StatusCode} to {batch.Count} results");
                }
                catch (HttpRequestException ex)
                {
                    await WarnAsync($"collector {collector} unreachable: {ex.Message}");
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task WarnAsync(string message)
    {
        if (!_warned)
        {
            _warned = true;
            await log.WriteLineAsync($"load: {message} (results stay in the report directory's results.jsonl)");
        }
    }
}
