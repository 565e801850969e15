using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Lakemon.Collector.Store;
using Lakemon.Probes.Results;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Lakemon.Collector.Ingest;

/// <summary>
/// The results API of the collector: <c>POST /api/v1/results</c> takes a batch from an agent (bearer token; 401
/// without it; 400 with a precise message for a malformed batch, refused whole), and <c>GET /api/v1/results</c>
/// answers stored results as JSON lines. A 200 to a POST means every result of the batch is durably stored.
/// </summary>
public static class IngestEndpoints
{
    public const string ResultsPath = "/api/v1/results";
    public const int MaxQueryLimit = 100_000;

    public static IEndpointRouteBuilder MapLakemonIngest(this IEndpointRouteBuilder endpoints, IngestOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var token = Encoding.UTF8.GetBytes(options.Token);
        endpoints.MapPost(ResultsPath, (HttpContext http) => PostAsync(http, options, token));
        endpoints.MapGet(ResultsPath, (HttpContext http) => GetAsync(http, options.Store, token));
        return endpoints;
    }

    private static async Task PostAsync(HttpContext http, IngestOptions options, byte[] token)
    {
        if (!await AuthorizedAsync(http, token))
        {
            return;
        }
        if (http.Request.ContentLength > ResultBatchDecoder.MaxBytes)
        {
            await ErrorAsync(http, StatusCodes.Status400BadRequest, $"batch of {http.Request.ContentLength} bytes exceeds the limit of {ResultBatchDecoder.MaxBytes} bytes");
            return;
        }
        IReadOnlyList<ProbeResult>? results;
        string? error;
        var (buffer, length) = await ReadBodyAsync(http.Request.Body, http.Request.ContentLength, ResultBatchDecoder.MaxBytes + 1, http.RequestAborted);
        try
        {
            ResultBatchDecoder.TryDecode(buffer.AsMemory(0, length), out results, out error);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        if (results is null)
        {
            await ErrorAsync(http, StatusCodes.Status400BadRequest, error!);
            return;
        }
        var stored = await options.Store.AddAsync(results, http.RequestAborted);
        options.ResultsStored?.Invoke(results);
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(string.Create(CultureInfo.InvariantCulture,
            $"{{\"accepted\":{results.Count},\"stored\":{stored},\"duplicates\":{results.Count - stored}}}"), http.RequestAborted);
    }

    private static async Task GetAsync(HttpContext http, IResultStore store, byte[] token)
    {
        if (!await AuthorizedAsync(http, token))
        {
            return;
        }
        if (!TryReadQuery(http.Request.Query, out var query, out var error))
        {
            await ErrorAsync(http, StatusCodes.Status400BadRequest, error);
            return;
        }
        http.Response.ContentType = "application/x-ndjson";
        await foreach (var result in store.QueryAsync(query, http.RequestAborted))
        {
            await http.Response.WriteAsync(ProbeResultJson.Serialize(result) + "\n", http.RequestAborted);
        }
    }

    private static bool TryReadQuery(IQueryCollection parameters, out ResultQuery query, out string error)
    {
        query = new ResultQuery();
        error = "";
        foreach (var (key, values) in parameters)
        {
            var value = values.ToString();
            switch (key)
            {
                case "rse":
                    query = query with { Rse = value };
                    break;
                case "site":
                    query = query with { Site = value };
                    break;
                case "operation" when ProbeOperations.TryParse(value, out var operation):
                    query = query with { Operation = operation };
                    break;
                case "kind" when RunKinds.TryParse(value, out var kind):
                    query = query with { Kind = kind };
                    break;
                case "since" or "until" when DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at):
                    query = key == "since" ? query with { Since = at } : query with { Until = at };
                    break;
                case "limit" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit is > 0 and <= MaxQueryLimit:
                    query = query with { Limit = limit };
                    break;
                case "rse" or "site" or "operation" or "kind" or "since" or "until" or "limit":
                    error = $"query parameter {key}: invalid value '{value}'";
                    return false;
                default:
                    error = $"unknown query parameter '{key}' (known: rse, site, operation, kind, since, until, limit)";
                    return false;
            }
        }
        return true;
    }

    internal static async Task<bool> AuthorizedAsync(HttpContext http, byte[] token)
    {
        var header = http.Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header[scheme.Length..].Trim()), token))
        {
            return true;
        }
        http.Response.Headers.WWWAuthenticate = "Bearer realm=\"lakemon\"";
        await ErrorAsync(http, StatusCodes.Status401Unauthorized, "a valid bearer token is required");
        return false;
    }

    /// <summary>The body in a pooled buffer (the caller returns it), read up to <paramref name="limit"/> bytes. A batch
    /// is megabytes: growing a fresh buffer for each one put several large-object-heap arrays per request on the GC.</summary>
    private static async Task<(byte[] Buffer, int Length)> ReadBodyAsync(Stream body, long? contentLength, int limit, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Clamp((contentLength ?? 0) + 1, 64 * 1024, limit));
        var length = 0;
        try
        {
            while (length < limit)
            {
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(Math.Min(limit, buffer.Length * 2));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
                var read = await body.ReadAsync(buffer.AsMemory(length, Math.Min(buffer.Length, limit) - length), cancellationToken);
                if (read == 0)
                {
                    break;
                }
                length += read;
            }
            return (buffer, length);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    internal static async Task ErrorAsync(HttpContext http, int status, string message)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(JsonSerializer.Serialize(new Dictionary<string, string> { ["error"] = message }), http.RequestAborted);
    }
}
