using Lakemon.Collector.Sinks;
using Lakemon.Probes.Configuration;

namespace Lakemon.Collector.Hosting;

/// <summary>
/// Which parts of lakemon one process runs (DESIGN.md §3): <c>run</c> = probes + collector, <c>collector</c> =
/// collector only (results arrive over the ingest API), <c>agent</c> = probes only, shipping to a remote collector.
/// </summary>
public sealed record PlatformOptions(LakemonOptions Config, StoreOptions Store)
{
    /// <summary>Where the web endpoints listen; port 0 picks a free one (printed at start).</summary>
    public string Listen { get; init; } = "http://127.0.0.1:0";

    /// <summary>Logs as JSON lines (structured fields) instead of one human line per event.</summary>
    public bool JsonLogs { get; init; }

    /// <summary>Run the scheduler and its probes in this process.</summary>
    public bool Probes { get; init; } = true;

    /// <summary>Keep results (store), expose /metrics and the results API.</summary>
    public bool Collect { get; init; } = true;

    /// <summary>The bearer token of the ingest API; null leaves POST/GET /api/v1/results unmapped.</summary>
    public string? IngestToken { get; init; }

    /// <summary>Agent mode: results go to this collector through an on-disk spool instead of a local store.</summary>
    public AgentTarget? ShipTo { get; init; }

    /// <summary>Run one storage and one TPC campaign at start, so a fresh node has results before its first cron fire.
    /// Off by default in a cluster (a shared PostgreSQL schedule), where every node starting would add a round.</summary>
    public bool InitialCycle { get; init; } = Config.Scheduler.Postgres is null;

    /// <summary>How the OTLP sink exports when the configuration has <c>sinks.otlp</c> (tests shorten its interval).</summary>
    public OtlpExportOptions OtlpExport { get; init; } = new();
}
