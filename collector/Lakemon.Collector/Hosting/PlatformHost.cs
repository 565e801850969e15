using System.Threading.Channels;
using Lakemon.Collector.Agent;
using Lakemon.Collector.Ingest;
using Lakemon.Collector.Metrics;
using Lakemon.Collector.Scheduling;
using Lakemon.Collector.Sinks;
using Lakemon.Collector.Sla;
using Lakemon.Collector.Sinks.Influx;
using Lakemon.Collector.StatusPage;
using Lakemon.Collector.Store;
using Lakemon.Probes.Results;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Lakemon.Collector.Hosting;

/// <summary>
/// Builds the long-running lakemon process from its parts: scheduler → results channel → (store, metrics) or
/// (spool → shipper), and one Kestrel listener for /healthz, /metrics and the results API. Data flows one way
/// (DESIGN.md §3): a result is stored before metrics or anything else hears of it.
/// </summary>
public sealed class PlatformHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly IResultStore? _store;

    private PlatformHost(WebApplication app, IResultStore? store, Uri address)
    {
        _app = app;
        _store = store;
        Address = address;
    }

    /// <summary>The base address the web endpoints answer on, with the real port.</summary>
    public Uri Address { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<PlatformHost> StartAsync(PlatformOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(options.Listen);
        builder.Logging.ClearProviders();
        if (options.JsonLogs)
        {
            // One JSON object per line with the message template's named values as fields, for log shippers.
            builder.Logging.AddJsonConsole(console =>
            {
                console.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                console.UseUtcTimestamp = true;
            });
        }
        else
        {
            builder.Logging.AddSimpleConsole(console =>
            {
                console.SingleLine = true;
                console.TimestampFormat = "yyyy-MM-ddTHH:mm:ssZ ";
                console.UseUtcTimestamp = true;
            });
        }
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning).AddFilter("Quartz", LogLevel.Warning);
        // Logs go to stderr, so that stdout stays free for machine output.
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));

        var results = Channel.CreateUnbounded<ProbeResult>(new UnboundedChannelOptions { SingleReader = true });
        IResultStore? store = null;
        LakemonMetrics? metrics = null;
        SlaCalculator? sla = null;
        try
        {
            if (options.Collect)
            {
                store = await ResultStoreFactory.OpenAsync(options.Store, cancellationToken);
                metrics = new LakemonMetrics(LakemonMetricsOptions.ForIntervals(
                    CronIntervals.Of(options.Config.Schedules.Storage), CronIntervals.Of(options.Config.Schedules.Tpc)) with
                {
                    NetworkFreshness = LakemonMetricsOptions.IntervalsPerFreshness * CronIntervals.Of(options.Config.Schedules.Network),
                });
                builder.Services.AddLakemonMetrics(metrics);
                var slaErrors = new List<string>();
                var skipped = new List<string>();
                sla = SlaCalculatorFactory.Create(options.Config, [], slaErrors, skipped)
                    ?? throw new InvalidOperationException("unusable SLA downtime file(s): " + string.Join("; ", slaErrors));
                var (slaCalculator, slaStore, slaMetrics) = (sla, store, metrics);
                builder.Services.AddSingleton(provider => new SlaRunner(slaCalculator, slaStore, slaMetrics, TimeProvider.System,
                    provider.GetRequiredService<ILogger<SlaRunner>>()));
                builder.Services.AddHostedService(provider => new SlaScheduler(provider.GetRequiredService<SlaRunner>(), options.Config.Sla));
            }
            if (options.Config.Sinks.Otlp is { } otlp)
            {
                builder.Services.AddLakemonOtlp(otlp, options.OtlpExport.SizedFor(options.Config));
            }
            Func<IReadOnlyList<ProbeResult>, CancellationToken, Task> deliver;
            var influx = options.Collect ? builder.Services.AddLakemonInfluxSink(options.Config.Sinks.InfluxDb) : null;
            if (options.ShipTo is { } target)
            {
                var spool = new ResultSpool(target.SpoolDirectory);
                deliver = spool.AppendAsync;
                builder.Services.AddHostedService(_ => new ShipperService(spool, target));
            }
            else if (store is not null)
            {
                var keep = store;
                var record = metrics!;
                deliver = async (batch, ct) =>
                {
                    await keep.AddAsync(batch, ct);
                    // Before the metrics: a failed delivery is retried whole, and only the counters are not idempotent.
                    influx?.Invoke(batch);
                    foreach (var result in batch)
                    {
                        record.Record(result);
                    }
                };
            }
            else
            {
                throw new ArgumentException("a node must either collect or ship its results", nameof(options));
            }
            builder.Services.AddHostedService(provider => new ResultPump(results.Reader, deliver, provider.GetRequiredService<ILogger<ResultPump>>()));
            if (store is not null)
            {
                var kept = store;
                builder.Services.AddHostedService(provider => new RetentionService(kept, options.Store.Retention, TimeProvider.System, provider.GetRequiredService<ILogger<RetentionService>>()));
            }
            if (options.Probes)
            {
                builder.Services.AddLakemonScheduler(options.Config, results.Writer);
                if (options.Config.Network is { } network)
                {
                    builder.Services.AddHostedService(provider => new NetworkServersService(network, provider.GetRequiredService<ILogger<NetworkServersService>>()));
                }
            }

            var app = builder.Build();
            app.MapGet("/healthz", () => Results.Json(new Dictionary<string, object>
            {
                ["status"] = "ok",
                ["probes"] = options.Probes,
                ["collect"] = options.Collect,
                ["ships_to"] = options.ShipTo?.Collector.ToString() ?? "",
            }));
            if (metrics is not null)
            {
                app.MapLakemonMetrics();
                app.MapLakemonStatusPage(options.Config, metrics);
            }
            if (store is not null && sla is not null)
            {
                app.MapLakemonSla(sla, store, options.IngestToken);
            }
            if (store is not null && options.IngestToken is { } token)
            {
                var record = metrics!;
                app.MapLakemonIngest(new IngestOptions(token, store)
                {
                    ResultsStored = batch =>
                    {
                        influx?.Invoke(batch);
                        foreach (var result in batch)
                        {
                            record.Record(result);
                        }
                    },
                });
            }
            await app.StartAsync(cancellationToken);
            if (options.Probes && options.InitialCycle)
            {
                var scheduler = await app.Services.GetRequiredService<ISchedulerFactory>().GetScheduler(cancellationToken);
                await scheduler.TriggerJob(ProbeJobs.StorageJob, cancellationToken);
                await scheduler.TriggerJob(ProbeJobs.TpcJob, cancellationToken);
            }
            return new PlatformHost(app, store, new Uri(app.Urls.First().TrimEnd('/') + "/"));
        }
        catch
        {
            if (store is not null)
            {
                await store.DisposeAsync();
            }
            metrics?.Dispose();
            throw;
        }
    }

    /// <summary>Completes when the host stops (Ctrl-C / SIGTERM, or <see cref="StopAsync"/>).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken) => _app.WaitForShutdownAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => _app.StopAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
    }

    private sealed class ShipperService(ResultSpool spool, AgentTarget target) : BackgroundService
    {
        private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(60) };

        protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
            new ResultShipper(spool, target.Collector, target.Token, _http).RunAsync(TimeSpan.FromSeconds(1), stoppingToken);

        public override void Dispose()
        {
            _http.Dispose();
            base.Dispose();
        }
    }
}
