using System.Text;
using InfluxDB.Client;
using InfluxDB.Client.Api.Domain;
using InfluxDB.Client.Core.Exceptions;
using Lakemon.Collector.Spooling;
using Lakemon.Probes.Security;

namespace Lakemon.Collector.Sinks.Influx;

/// <summary>
/// InfluxDB 2.x (and servers speaking its write API, such as VictoriaMetrics) through InfluxDB.Client: the spooled
/// lines go out as records to <c>/api/v2/write</c> with org, bucket and token. The client's write API for async
/// callers sends each call at once and does not retry, so resends stay with the spool.
/// </summary>
internal sealed class InfluxV2Writer : IInfluxWriter
{
    // 400 is a malformed point or a field type conflict; 422 is InfluxDB 2's answer for points outside the bucket's
    // retention. Both are final for this segment.
    private static readonly int[] FinalRefusals = [400, 422];

    private readonly InfluxDBClient _client;
    private readonly WriteApiAsync _write;
    private readonly string _org;
    private readonly string _bucket;

    public InfluxV2Writer(Uri url, string org, string bucket, string? token, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(url);
        _org = org;
        _bucket = bucket;
        var options = new InfluxDBClientOptions(url.AbsoluteUri) { Org = org, Bucket = bucket, Timeout = timeout };
        // The client refuses an empty token; without one (a server that does not check, like VictoriaMetrics) the
        // requests simply carry no Authorization header.
        if (token is not null)
        {
            options.Token = token;
        }
        _client = new InfluxDBClient(options);
        _write = _client.GetWriteApiAsync();
    }

    public async Task<SegmentDelivery> WriteAsync(byte[] points, CancellationToken cancellationToken)
    {
        var records = Encoding.UTF8.GetString(points).Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        try
        {
            await _write.WriteRecordsAsync(records, WritePrecision.Ms, _bucket, _org, cancellationToken);
            return SegmentDelivery.Acknowledged;
        }
        catch (Exception e) when (cancellationToken.IsCancellationRequested && e is not OperationCanceledException)
        {
            // The client reports its own cancellation as an HttpException without a status; the spool's drainer
            // must see it as what it is, a stop, not as an unreachable server.
            throw new OperationCanceledException("the write was cancelled", e, cancellationToken);
        }
        catch (HttpException e)
        {
            // Status 0: no HTTP answer at all (connection refused, reset).
            var error = SecretRedactor.Redact(e.Status == 0 ? $"InfluxDB unreachable: {e.Message}" : $"InfluxDB answered {e.Status}: {e.Message}");
            return FinalRefusals.Contains(e.Status) ? SegmentDelivery.Rejected(error) : SegmentDelivery.Retry(error);
        }
        catch (Exception e) when (e is InfluxException or HttpRequestException or IOException || e is OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return SegmentDelivery.Retry(SecretRedactor.Redact($"InfluxDB unreachable: {e.Message}"));
        }
    }

    public void Dispose() => _client.Dispose();
}
