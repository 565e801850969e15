using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Lakemon.Collector.Ingest;
using Lakemon.Probes.Results;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Xunit;

namespace Lakemon.Tests.Collector;

/// <summary>The results API on a real Kestrel on 127.0.0.1:0.</summary>
public sealed class IngestEndpointsTests : IAsyncLifetime
{
    private const string Token = "canary-ingest-token-7f3a";
    private readonly MemoryResultStore _store = new();
    private readonly List<ProbeResult> _heard = [];
    private WebApplication? _app;
    private HttpClient _http = new();

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.MapLakemonIngest(new IngestOptions(Token, _store)
        {
            ResultsStored = batch =>
            {
                lock (_heard)
                {
                    _heard.AddRange(batch);
                }
            },
        });
        await _app.StartAsync();
        _http = new HttpClient { BaseAddress = new Uri(_app.Urls.First()) };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer wrong-token")]
    [InlineData("Basic Y2FuYXJ5")]
    [InlineData("Bearer ")]
    public async Task Post_WithoutTheToken_401AndNothingStored(string? authorization)
    {
        using var request = Request(HttpMethod.Post, $"[{ResultBatchDecoderTests.Valid}]", authorization);

        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(0, await _store.CountAsync(default));
        Assert.DoesNotContain(Token, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_ValidBatchTwice_StoredOnceSecondTimeAllDuplicates()
    {
        var body = $"[{ResultBatchDecoderTests.Valid},{ResultBatchDecoderTests.Valid.Replace("\"a1\"", "\"a2\"", StringComparison.Ordinal)}]";

        using var first = await _http.SendAsync(Request(HttpMethod.Post, body, $"Bearer {Token}"));
        using var second = await _http.SendAsync(Request(HttpMethod.Post, body, $"Bearer {Token}"));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("""{"accepted":2,"stored":2,"duplicates":0}""", await first.Content.ReadAsStringAsync());
        Assert.Equal("""{"accepted":2,"stored":0,"duplicates":2}""", await second.Content.ReadAsStringAsync());
        Assert.Equal(2, await _store.CountAsync(default));
        Assert.Equal(4, _heard.Count);
    }

    [Theory]
    [InlineData("{}", "expected a JSON array of results, got object")]
    [InlineData("[{\"id\":\"x\",\"colour\":\"red\"}]", "results[0]: ")]
    [InlineData("[1", "not valid JSON: ")]
    public async Task Post_MalformedBatch_400WithTheReasonAndNothingStored(string body, string expectedStart)
    {
        using var response = await _http.SendAsync(Request(HttpMethod.Post, body, $"Bearer {Token}"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.StartsWith(expectedStart, json.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await _store.CountAsync(default));
    }

    [Fact]
    public async Task Post_OversizedBody_400BeforeDecoding()
    {
        var body = new string(' ', ResultBatchDecoder.MaxBytes + 10);

        using var response = await _http.SendAsync(Request(HttpMethod.Post, body, $"Bearer {Token}"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("exceeds the limit", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_StoredResults_JsonLinesFilteredByRse()
    {
        var other = ResultBatchDecoderTests.Valid.Replace("\"a1\"", "\"b1\"", StringComparison.Ordinal).Replace("LAKE-A", "LAKE-B", StringComparison.Ordinal);
        using (await _http.SendAsync(Request(HttpMethod.Post, $"[{ResultBatchDecoderTests.Valid},{other}]", $"Bearer {Token}")))
        {
        }

        using var response = await _http.SendAsync(Request(HttpMethod.Get, null, $"Bearer {Token}", "?rse=LAKE-B"));
        using var bad = await _http.SendAsync(Request(HttpMethod.Get, null, $"Bearer {Token}", "?colour=red"));

        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var line = Assert.Single(lines);
        Assert.True(ProbeResultJson.TryParse(line, out var result, out _));
        Assert.Equal("b1", result.Id);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    private static HttpRequestMessage Request(HttpMethod method, string? body, string? authorization, string query = "")
    {
        var request = new HttpRequestMessage(method, IngestEndpoints.ResultsPath + query);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }
        return request;
    }
}
