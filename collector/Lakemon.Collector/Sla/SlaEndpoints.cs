using System.Globalization;
using System.Text;
using Lakemon.Collector.Ingest;
using Lakemon.Collector.Sla.Reports;
using Lakemon.Collector.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Lakemon.Collector.Sla;

/// <summary>
/// <c>GET /api/v1/sla?from=yyyy-MM-dd&amp;to=yyyy-MM-dd&amp;rse=&amp;site=</c>: the JSON report of `lakemon sla --format
/// json` (default: this month so far). When the collector has an ingest token the same bearer token is required, as
/// for the results API; without one the figures are served openly, as /metrics serves them.
/// </summary>
public static class SlaEndpoints
{
    public const string Path = "/api/v1/sla";

    public static IEndpointRouteBuilder MapLakemonSla(this IEndpointRouteBuilder endpoints, SlaCalculator calculator, IResultStore store,
        string? token, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(calculator);
        ArgumentNullException.ThrowIfNull(store);
        var tokenBytes = token is null ? null : Encoding.UTF8.GetBytes(token);
        time ??= TimeProvider.System;
        endpoints.MapGet(Path, async (HttpContext http) =>
        {
            if (tokenBytes is not null && !await IngestEndpoints.AuthorizedAsync(http, tokenBytes))
            {
                return;
            }
            var now = time.GetUtcNow();
            var today = DateOnly.FromDateTime(now.UtcDateTime);
            DateOnly from = new(today.Year, today.Month, 1), to = today;
            string? rse = null, site = null;
            var format = Lakemon.Probes.Configuration.SlaReportFormat.Json;
            foreach (var (key, values) in http.Request.Query)
            {
                var value = values.ToString();
                switch (key)
                {
                    case "from" or "to" when DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date):
                        (from, to) = key == "from" ? (date, to) : (from, date);
                        break;
                    case "rse" when value.Length > 0:
                        rse = value;
                        break;
                    case "site" when value.Length > 0:
                        site = value;
                        break;
                    // The status page links to the HTML report; scripts keep the JSON default.
                    case "format" when value is "json" or "html":
                        format = value == "html" ? Lakemon.Probes.Configuration.SlaReportFormat.Html : Lakemon.Probes.Configuration.SlaReportFormat.Json;
                        break;
                    case "from" or "to" or "rse" or "site" or "format":
                        await IngestEndpoints.ErrorAsync(http, StatusCodes.Status400BadRequest, $"query parameter {key}: invalid value '{value}'");
                        return;
                    default:
                        await IngestEndpoints.ErrorAsync(http, StatusCodes.Status400BadRequest, $"unknown query parameter '{key}' (known: from, to, rse, site, format)");
                        return;
                }
            }
            if (to < from)
            {
                await IngestEndpoints.ErrorAsync(http, StatusCodes.Status400BadRequest, "to is before from");
                return;
            }
            if (rse is not null && site is not null)
            {
                await IngestEndpoints.ErrorAsync(http, StatusCodes.Status400BadRequest, "rse and site are mutually exclusive");
                return;
            }
            var report = await calculator.ComputeAsync(store, from, to, now, rse, site, http.RequestAborted);
            http.Response.ContentType = format == Lakemon.Probes.Configuration.SlaReportFormat.Html ? "text/html; charset=utf-8" : "application/json";
            using var buffer = new MemoryStream();
            SlaReportWriter.Write(report, format, buffer);
            await http.Response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), http.RequestAborted);
        });
        return endpoints;
    }
}
