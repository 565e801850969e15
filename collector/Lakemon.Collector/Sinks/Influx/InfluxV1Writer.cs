using System.Globalization;
using System.Net.Http.Headers;
using Lakemon.Collector.Spooling;

namespace Lakemon.Collector.Sinks.Influx;

/// <summary>
/// InfluxDB 1.x: plain line protocol in <c>POST /write?db=DATABASE&amp;precision=ms</c>, answered 204. A token goes
/// in <c>Authorization: Token ...</c> (InfluxDB 1.8+ reads it as <c>user:password</c>; a server without auth ignores it).
/// </summary>
internal sealed class InfluxV1Writer : IInfluxWriter
{
    private readonly HttpClient _http;
    private readonly Uri _write;
    private readonly string? _token;

    public InfluxV1Writer(Uri url, string database, string? token, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(url);
        // Relative to the URL's path, so that an InfluxDB behind a path prefix (http://proxy/influx/) works too.
        var root = url.AbsoluteUri.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/");
        _write = new Uri(root, string.Create(CultureInfo.InvariantCulture,
            $"write?db={Uri.EscapeDataString(database)}&precision={InfluxPointFormatter.Precision}"));
        _token = token;
        _http = new HttpClient { Timeout = timeout };
    }

    public async Task<SegmentDelivery> WriteAsync(byte[] points, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _write)
        {
            Content = new ByteArrayContent(points) { Headers = { ContentType = new MediaTypeHeaderValue("text/plain") { CharSet = "utf-8" } } },
        };
        if (_token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Token", _token);
        }
        // A 400 is a malformed point or a field type conflict, or "partial write: points beyond retention policy
        // dropped": the server will answer the same to a resend, so the segment goes aside.
        return await HttpSegmentSender.SendAsync(_http, request, "InfluxDB", cancellationToken);
    }

    public void Dispose() => _http.Dispose();
}
