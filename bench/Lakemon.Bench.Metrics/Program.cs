using System.Globalization;
using Lakemon.Bench.Metrics;
using Lakemon.Collector.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

// Serves /metrics for a recorded N-RSE matrix and, from the same Kestrel, /anchor: a file holding one scrape of that
// /metrics, so that bench/metrics.sh can compare producing the exposition with merely sending the same bytes.
// Usage: Lakemon.Bench.Metrics RSES ANCHOR_FILE; prints "url=... samples=..." and runs until stdin closes.
var rses = int.Parse(args[0], CultureInfo.InvariantCulture);
var anchorFile = args[1];

var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.UseUrls("http://127.0.0.1:0");
builder.Services.AddLakemonMetrics(new LakemonMetricsOptions());
var app = builder.Build();
app.MapLakemonMetrics();
app.MapGet("/anchor", () => Results.File(anchorFile, "text/plain; version=0.0.4; charset=utf-8"));
await app.StartAsync();

var metrics = app.Services.GetRequiredService<LakemonMetrics>();
var recorded = BenchMatrix.Record(metrics, rses);
await using (var file = File.Create(anchorFile))
{
    await app.Services.GetRequiredService<PrometheusMeterExporter>().Registry.CollectAndExportAsTextAsync(file);
}
var samples = File.ReadLines(anchorFile).Count(line => !line.StartsWith('#'));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"url={app.Urls.First()} storage_checks={recorded.Storage} transfer_links={recorded.Transfers} samples={samples} bytes={new FileInfo(anchorFile).Length}"));
await Console.In.ReadToEndAsync();
await app.StopAsync();
