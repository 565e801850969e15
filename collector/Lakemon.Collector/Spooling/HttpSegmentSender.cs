using System.Net;
using Lakemon.Probes.Security;

namespace Lakemon.Collector.Spooling;

/// <summary>
/// Sends one segment as one HTTP request and classifies the answer the same way for every receiver over plain HTTP:
/// 2xx acknowledged, 400 rejected (the receiver says the body is malformed, so a resend cannot help), anything else —
/// no answer, a timeout, 401, 404, 5xx — retried. Errors are redacted, since requests carry tokens.
/// </summary>
public static class HttpSegmentSender
{
    /// <param name="receiver">Names the receiver in errors: "collector", "InfluxDB".</param>
    public static async Task<SegmentDelivery> SendAsync(HttpClient http, HttpRequestMessage request, string receiver, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return SegmentDelivery.Acknowledged;
            }
            var reason = (await response.Content.ReadAsStringAsync(cancellationToken)).Trim();
            var error = SecretRedactor.Redact($"{receiver} answered {(int)response.StatusCode}: {reason}");
            return response.StatusCode == HttpStatusCode.BadRequest ? SegmentDelivery.Rejected(error) : SegmentDelivery.Retry(error);
        }
        catch (Exception e) when (e is HttpRequestException or IOException || e is OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return SegmentDelivery.Retry(SecretRedactor.Redact($"{receiver} unreachable: {e.Message}"));
        }
    }
}
