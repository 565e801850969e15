using System.Text.Json;
using Lakemon.Collector.Metrics;
using Lakemon.Probes.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Lakemon.Collector.StatusPage;

/// <summary>The built-in status page for when Grafana is not there: <c>/</c> (one self-contained HTML file, no CDN, it
/// works offline) and the JSON it polls, <c>/api/v1/status</c>.</summary>
public static class StatusPageEndpoints
{
    private static readonly Lazy<byte[]> Page = new(() =>
    {
        using var stream = typeof(StatusPageEndpoints).Assembly.GetManifestResourceStream("Lakemon.Collector.StatusPage.status.html")
            ?? throw new InvalidOperationException("the status page is missing from the assembly");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    public static IEndpointRouteBuilder MapLakemonStatusPage(this IEndpointRouteBuilder endpoints, LakemonOptions config, LakemonMetrics metrics, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        time ??= TimeProvider.System;
        endpoints.MapGet("/", async (HttpContext http) =>
        {
            http.Response.ContentType = "text/html; charset=utf-8";
            http.Response.Headers.CacheControl = "no-store";
            // The page runs only its own inline script and loads nothing from elsewhere.
            http.Response.Headers.ContentSecurityPolicy = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; img-src data:";
            await http.Response.Body.WriteAsync(Page.Value, http.RequestAborted);
        });
        endpoints.MapGet("/api/v1/status", async (HttpContext http) =>
        {
            http.Response.ContentType = "application/json";
            http.Response.Headers.CacheControl = "no-store";
            await using var json = new Utf8JsonWriter(http.Response.Body);
            StatusBoard.Write(json, config, metrics, time.GetUtcNow());
            await json.FlushAsync(http.RequestAborted);
        });
        return endpoints;
    }
}
