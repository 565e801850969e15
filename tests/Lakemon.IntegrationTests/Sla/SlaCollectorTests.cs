using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Lakemon.IntegrationTests.Platform;
using Lakemon.IntegrationTests.Support;
using Lakemon.Probes.Results;
using static Lakemon.IntegrationTests.Support.ProcessRunner;

namespace Lakemon.IntegrationTests.Sla;

/// <summary>A real `lakemon collector` process: GET /api/v1/sla with the ingest token, and the lakemon_sla_* gauges
/// its SLA job computes at start.</summary>
public sealed class SlaCollectorTests : IDisposable
{
    private const string TokenVariable = "LAKEMON_TEST_SLA_TOKEN";
    private const string Token = "sla-test-token";

    private readonly string directory = TestDirectories.Create("sla-collector");

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public async Task Collector_SlaApiAndGauges_ServeTheStoreFigures()
    {
        var config = Path.Combine(directory, "collector.yaml");
        await File.WriteAllTextAsync(config, SlaScenario.Config("collector.db") + $"\ncollector:\n  listen: 127.0.0.1:0\n  token_env: {TokenVariable}\n");
        // The scenario's October, plus one OK result per door of LAKE-A at the start of this hour (it holds 2 h, so this
        // hour's slice is OK all through): today's availability so far is then 1 (every known slice is up), while
        // LAKE-B is unknown all day (availability undefined: no sample).
        var now = DateTimeOffset.UtcNow;
        var hour = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
        var recent = new[] { "root", "https" }.Select((protocol, i) => new ProbeResult
        {
            Id = $"recent-{i}", RunId = "recent", Kind = RunKind.Scheduled, Operation = ProbeOperation.Read, Rse = "LAKE-A", Site = "LOCAL-1",
            Protocol = protocol, SizeBytes = 1024, StartedAt = hour, Duration = TimeSpan.FromSeconds(1), Status = ProbeStatus.Ok,
        });
        var jsonl = Path.Combine(directory, "results.jsonl");
        await File.WriteAllTextAsync(jsonl, SlaScenario.Jsonl() + string.Concat(recent.Select(r => ProbeResultJson.Serialize(r) + "\n")));
        var import = await LakemonAsync("results", "import", jsonl, "--config", config);
        Assert.True(import.ExitCode == 0, import.ToString());

        await using var collector = await LakemonNode.StartAsync(new Dictionary<string, string> { [TokenVariable] = Token }, "collector", "--config", config);
        using var http = new HttpClient { BaseAddress = collector.Address };

        var anonymous = await http.GetAsync("api/v1/sla?from=2026-10-01&to=2026-10-02");
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/v1/sla?from=2026-10-01&to=2026-10-02&rse=LAKE-B");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        var answer = await http.SendAsync(request);
        using var badRequest = new HttpRequestMessage(HttpMethod.Get, "api/v1/sla?from=October");
        badRequest.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        var bad = await http.SendAsync(badRequest);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        using (var json = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()))
        {
            var month = Assert.Single(json.RootElement.GetProperty("rses").EnumerateArray()).GetProperty("monthly")[0];
            // As in SlaCommandTests: LAKE-B's October so far: A = 22/24 = 0.916667, R = 1, unknown 0.5.
            Assert.Equal((0.916667, 1.0, 0.5), (month.GetProperty("availability").GetDouble(), month.GetProperty("reliability").GetDouble(), month.GetProperty("unknown").GetDouble()));
        }
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        using (var error = JsonDocument.Parse(await bad.Content.ReadAsStringAsync()))
        {
            Assert.Equal("query parameter from: invalid value 'October'", error.RootElement.GetProperty("error").GetString());
        }

        var scrape = await Polling.UntilAsync(() => http.GetStringAsync("metrics"),
            text => text.Contains("lakemon_sla_unknown_ratio{", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        Assert.Contains("lakemon_sla_availability_ratio{rse=\"LAKE-A\",site=\"LOCAL-1\",window=\"day\"} 1", scrape, StringComparison.Ordinal);
        Assert.Contains("lakemon_sla_availability_ratio{rse=\"\",site=\"LOCAL-1\",window=\"month\"}", scrape, StringComparison.Ordinal);
        Assert.Contains("lakemon_sla_unknown_ratio{rse=\"LAKE-B\",site=\"LOCAL-2\",window=\"day\"} 1", scrape, StringComparison.Ordinal);
        Assert.DoesNotContain("lakemon_sla_availability_ratio{rse=\"LAKE-B\",site=\"LOCAL-2\",window=\"day\"}", scrape, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, scrape, StringComparison.Ordinal);
    }
}
