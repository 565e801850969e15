using System.Net;
using System.Net.Http;
using System.Text.RegularExpressions;
using System.Xml;
using Lakemon.Probes.Results;

namespace Lakemon.Probes.Storage.WebDav;

/// <summary>
/// The one failure table of the WebDAV/HTTP client (CONVENTIONS.md §4): HTTP status codes, HTTP-TPC failure lines and
/// exceptions to <see cref="FailureKind"/>. Transport-level exceptions go through <see cref="NetworkFailures"/> first.
/// </summary>
public static partial class WebDavFailureMap
{
    /// <summary>The kind of a status code the operation did not expect.</summary>
    public static FailureKind FromStatus(HttpStatusCode status) => FromStatus((int)status);

    public static FailureKind FromStatus(int status) => status switch
    {
        401 or 403 => FailureKind.Auth,
        404 or 410 => FailureKind.NotFound,
        // RFC 4918 §9.3.1 and §9.7.1: PUT and MKCOL answer 409 when an intermediate collection is missing.
        409 => FailureKind.NotFound,
        // 413: the server refuses the size; 507 (RFC 4918 §11.5): the space is not there. Both mean "no room".
        413 or 507 => FailureKind.NoSpace,
        // The server gave up waiting for our request: the same symptom as our own budget running out.
        408 => FailureKind.Timeout,
        // Overload shedding: the service is not serving, like a 503.
        429 => FailureKind.ServerError,
        >= 500 and <= 599 => FailureKind.ServerError,
        // Anything else (400, 405, 412, 415, 3xx not followed, 2xx the operation does not know, nonsense codes):
        // the exchange did not follow the protocol we expect.
        _ => FailureKind.ProtocolError,
    };

    /// <summary>
    /// The kind of a COPY the server refused or reported as failed: missing-source wording names not_found
    /// (xrootd: "Remote side failed with status code 404", "no such file or directory"), everything else is a
    /// failed third-party copy. Authentication and space problems keep their own kinds.
    /// </summary>
    public static FailureKind FromCopyFailure(int? status, string? text)
    {
        if (status is { } code && FromStatus(code) is FailureKind.Auth or FailureKind.NotFound or FailureKind.NoSpace or FailureKind.ServerError or FailureKind.Timeout)
        {
            return FromStatus(code);
        }
        return text is not null && NotFoundText().IsMatch(text) ? FailureKind.NotFound : FailureKind.TpcFailed;
    }

    /// <summary>The kind of an exception thrown while talking to the server, or null when it is not a storage
    /// failure (a bug, or cancellation, which callers let propagate).</summary>
    public static FailureKind? FromException(Exception exception) => exception switch
    {
        OperationCanceledException { InnerException: TimeoutException } => FailureKind.Timeout,
        OperationCanceledException => null,
        _ when NetworkFailures.Classify(exception) is { } kind => kind,
        // A body shorter than its Content-Length, or bytes that are not HTTP.
        HttpIOException { HttpRequestError: HttpRequestError.ResponseEnded or HttpRequestError.InvalidResponse } => FailureKind.ProtocolError,
        HttpRequestException { HttpRequestError: HttpRequestError.ProxyTunnelError } => FailureKind.Connect,
        HttpRequestException { HttpRequestError: HttpRequestError.UserAuthenticationError } => FailureKind.Auth,
        HttpRequestException { HttpRequestError: HttpRequestError.HttpProtocolError or HttpRequestError.ConfigurationLimitExceeded or HttpRequestError.VersionNegotiationError } => FailureKind.ProtocolError,
        HttpIOException => FailureKind.ProtocolError,
        XmlException => FailureKind.ProtocolError,
        _ => null,
    };

    [GeneratedRegex(@"(?i)\b404\b|not\s+found|no\s+such\s+file|does\s+not\s+exist|ENOENT")]
    private static partial Regex NotFoundText();
}
