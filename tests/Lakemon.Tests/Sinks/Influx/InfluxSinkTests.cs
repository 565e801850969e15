using System.Text;
using Lakemon.Collector.Sinks.Influx;
using Lakemon.Probes.Configuration;
using Lakemon.Probes.Results;
using Lakemon.Tests.Results;
using Lakemon.Tests.Spooling;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Lakemon.Tests.Sinks.Influx;

/// <summary>The sink against a stand-in InfluxDB 1.x (Kestrel on a loopback port) answering what each test needs;
/// the real servers are in the integration tests.</summary>
public sealed class InfluxSinkTests : IDisposable
{
    private const string Token = "influx-sink-test-token-0123456789";
    private readonly string _spool = Directory.CreateTempSubdirectory("lakemon-influx-spool-").FullName;
    private readonly List<(string PathAndQuery, string? Authorization, string Body)> _requests = [];

    public void Dispose() => Directory.Delete(_spool, recursive: true);

    [Fact]
    public async Task DrainAsync_InfluxAnswers204_WritesLineProtocolAndEmptiesTheSpool()
    {
        await using var influx = await StartInfluxAsync(StatusCodes.Status204NoContent);
        using var sink = Sink(influx);
        var results = new[] { SampleResults.Storage(), SampleResults.Transfer() };
        sink.Append(results);
        sink.Append([SampleResults.Storage(rse: "LAKE-B")]);

        Assert.True(await sink.DrainAsync(Timeout()));

        Assert.Equal(2, _requests.Count);
        Assert.All(_requests, r => Assert.Equal("/write?db=lake%20mon&precision=ms", r.PathAndQuery));
        Assert.All(_requests, r => Assert.Equal($"Token {Token}", r.Authorization));
        Assert.Equal(Encoding.UTF8.GetString(InfluxPointFormatter.Format(results)), _requests[0].Body);
        Assert.Equal(0, sink.SpooledBytes);
        Assert.Null(sink.LastError);
    }

    [Fact]
    public async Task DrainAsync_InfluxAnswers400_MovesTheSegmentAside()
    {
        await using var influx = await StartInfluxAsync(StatusCodes.Status400BadRequest, "unable to parse 'x': missing fields");
        using var sink = Sink(influx);
        sink.Append([SampleResults.Storage()]);

        Assert.True(await sink.DrainAsync(Timeout()));

        Assert.Single(_requests);
        Assert.Single(Directory.GetFiles(Path.Combine(_spool, "rejected")));
        Assert.Equal("InfluxDB answered 400: unable to parse 'x': missing fields", sink.LastError);
    }

    [Fact]
    public async Task DrainAsync_InfluxFails_KeepsTheSegmentAndRedactsTheError()
    {
        // A server that echoes the request's token in its error must not put it into lakemon's logs.
        await using var influx = await StartInfluxAsync(StatusCodes.Status503ServiceUnavailable, $"overloaded, Token {Token}");
        using var sink = Sink(influx);
        sink.Append([SampleResults.Storage()]);

        // Cancelled once the second attempt has been answered: a retry happened.
        Assert.False(await Draining.UntilAsync(sink.DrainAsync, () => _requests.Count >= 2 && sink.LastError is not null));

        Assert.True(_requests.Count >= 2, "the segment was not retried");
        Assert.True(sink.SpooledBytes > 0);
        Assert.StartsWith("InfluxDB answered 503: overloaded", sink.LastError, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, sink.LastError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(StatusCodes.Status204NoContent, true, false)]
    [InlineData(StatusCodes.Status400BadRequest, true, true)]
    [InlineData(StatusCodes.Status422UnprocessableEntity, true, true)]
    [InlineData(StatusCodes.Status503ServiceUnavailable, false, false)]
    public async Task DrainAsync_Version2_WritesThroughTheClientAndClassifiesTheAnswer(int status, bool drained, bool rejected)
    {
        await using var influx = await StartInfluxAsync(status, status == StatusCodes.Status204NoContent ? "" : """{"code":"invalid","message":"no"}""", "/api/v2/write");
        using var sink = InfluxSink.Create(
            new InfluxDbSinkOptions(new Uri(influx.Urls.First()), 2, "lake org", "lakemon", null, null) { SpoolDirectory = _spool }, Token, new RecordingLogger());
        var results = new[] { SampleResults.Storage(), SampleResults.Transfer() };
        sink.Append(results);

        // A refused write is retried until cancelled: cancelled once the sink has had the answer.
        Assert.Equal(drained, await Draining.UntilAsync(sink.DrainAsync, () => !drained && sink.LastError is not null));

        var (pathAndQuery, authorization, body) = _requests[0];
        Assert.Equal("/api/v2/write?org=lake%20org&bucket=lakemon&precision=ms", pathAndQuery);
        Assert.Equal($"Token {Token}", authorization);
        Assert.Equal(Encoding.UTF8.GetString(InfluxPointFormatter.Format(results)).TrimEnd('\n'), body);
        Assert.Equal(rejected ? 1 : 0, Directory.GetFiles(Path.Combine(_spool, "rejected")).Length);
        Assert.Equal(drained, sink.SpooledBytes == 0);
        if (status != StatusCodes.Status204NoContent)
        {
            Assert.StartsWith($"InfluxDB answered {status}", sink.LastError, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task DrainAsync_Version2ServerDown_KeepsTheSegment()
    {
        string url;
        await using (var gone = await StartInfluxAsync(StatusCodes.Status204NoContent, "", "/api/v2/write"))
        {
            url = gone.Urls.First();
        }
        using var sink = InfluxSink.Create(
            new InfluxDbSinkOptions(new Uri(url), 2, "lake", "lakemon", null, null) { SpoolDirectory = _spool }, null, new RecordingLogger());
        sink.Append([SampleResults.Storage()]);

        Assert.False(await Draining.UntilAsync(sink.DrainAsync, () => sink.LastError is not null));

        Assert.True(sink.SpooledBytes > 0);
        Assert.StartsWith("InfluxDB unreachable", sink.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public void AddLakemonInfluxSink_TokenVariableNotSet_RefusesToStartNamingTheVariable()
    {
        var options = Options(new Uri("http://127.0.0.1:1")) with { TokenEnv = "LAKEMON_TEST_INFLUX_TOKEN_NEVER_SET" };

        var error = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddLakemonInfluxSink(options));

        Assert.Equal("sinks.influxdb token: environment variable LAKEMON_TEST_INFLUX_TOKEN_NEVER_SET is not set", error.Message);
    }

    [Fact]
    public void AddLakemonInfluxSink_NoSection_RegistersNothing()
    {
        var services = new ServiceCollection();

        Assert.Null(services.AddLakemonInfluxSink(null));
        Assert.Empty(services);
    }

    private InfluxSink Sink(WebApplication influx) =>
        InfluxSink.Create(Options(new Uri(influx.Urls.First())), Token, new RecordingLogger());

    private InfluxDbSinkOptions Options(Uri url) =>
        new(url, 1, null, null, null, "lake mon") { SpoolDirectory = _spool };

    private static CancellationToken Timeout() => new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token;

    private async Task<WebApplication> StartInfluxAsync(int status, string error = "", string path = "/write")
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapPost(path, async (HttpContext http) =>
        {
            using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            lock (_requests)
            {
                _requests.Add((http.Request.Path + http.Request.QueryString, http.Request.Headers.Authorization.ToString(), body));
            }
            http.Response.StatusCode = status;
            if (error.Length > 0)
            {
                await http.Response.WriteAsync(error);
            }
        });
        await app.StartAsync();
        return app;
    }
}
