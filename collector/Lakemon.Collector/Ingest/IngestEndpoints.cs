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
        var body = await ReadBodyAsync(http.Request.Body, ResultBatchDecoder.MaxBytes + 1, http.RequestAborted);
        if (!ResultBatchDecoder.TryDecode(body, out var results, out var error))
        {
            await ErrorAsync(http, StatusCodes.Status400BadRequest, error);
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

    private static async Task<ReadOnlyMemory<byte>> ReadBodyAsync(Stream body, int limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length >= limit)
            {
                break;
            }
        }
        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }

    internal static async Task ErrorAsync(HttpContext http, int status, string message)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(JsonSerializer.Serialize(new Dictionary<string, string> { ["error"] = message }), http.RequestAborted);
    }
}
