using Lakemon.Collector.Spooling;
using Lakemon.Probes.Configuration;
using Lakemon.Probes.Results;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Lakemon.Collector.Sinks.Influx;

/// <summary>
/// Every stored result as one InfluxDB point (<see cref="InfluxPointFormatter"/>). Points are written to an on-disk
/// spool before anything is sent, and a segment leaves the spool only once InfluxDB acknowledged it, so an InfluxDB
/// outage (or a lakemon restart during one) loses no point; a resend after a lost acknowledgement is harmless, because
/// a point with the same measurement, tags and timestamp overwrites itself. The spool is bounded
/// (<see cref="InfluxDbSinkOptions.SpoolMaxBytes"/>): past it the oldest points are dropped, with an error in the log.
/// </summary>
public sealed class InfluxSink : BackgroundService
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    // Stopping gives queued points one bounded chance to go out; whatever stays waits in the spool for the next start.
    private static readonly TimeSpan FlushBudget = TimeSpan.FromSeconds(5);

    private readonly SegmentSpool _spool;
    private readonly IInfluxWriter _writer;
    private readonly SpoolDrainer _drainer;

    internal InfluxSink(SegmentSpool spool, IInfluxWriter writer, ILogger logger, TimeProvider? time = null)
    {
        _spool = spool;
        _writer = writer;
        _drainer = new SpoolDrainer(spool, writer.WriteAsync, time, logger);
    }

    /// <summary>A sink for <paramref name="options"/>: InfluxDB 2 through InfluxDB.Client, 1 with plain line protocol.</summary>
    /// <param name="token">The API token read from <see cref="InfluxDbSinkOptions.TokenEnv"/>, if any.</param>
    public static InfluxSink Create(InfluxDbSinkOptions options, string? token, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        IInfluxWriter writer = options.Version == 1
            ? new InfluxV1Writer(options.Url, Required(options.Database, "database"), token, RequestTimeout)
            : new InfluxV2Writer(options.Url, Required(options.Org, "org"), Required(options.Bucket, "bucket"), token, RequestTimeout);
        try
        {
            return new InfluxSink(new SegmentSpool(options.SpoolDirectory, ".lp", options.SpoolMaxBytes, logger), writer, logger);
        }
        catch
        {
            writer.Dispose();
            throw;
        }
    }

    /// <summary>Why the last write failed, null after a success; never contains the token.</summary>
    public string? LastError => _drainer.LastError;

    /// <summary>Bytes of points waiting for InfluxDB.</summary>
    public long SpooledBytes => _spool.Bytes;

    /// <summary>Spools one batch of stored results as one segment, durably, before returning.</summary>
    public void Append(IReadOnlyList<ProbeResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        if (results.Count > 0)
        {
            _spool.Append(InfluxPointFormatter.Format(results));
        }
    }

    /// <summary>Writes until the spool is empty; answers false if it gave up because of <paramref name="cancellationToken"/>.</summary>
    public Task<bool> DrainAsync(CancellationToken cancellationToken) => _drainer.DrainAsync(cancellationToken);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(FlushBudget);
        await _drainer.DrainAsync(budget.Token);
    }

    public override void Dispose()
    {
        _writer.Dispose();
        base.Dispose();
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => _drainer.RunAsync(PollInterval, stoppingToken);

    // The configuration binder already demands these per version; this guards callers that build options by hand.
    private static string Required(string? value, string key) =>
        value ?? throw new ArgumentException($"sinks.influxdb.{key} is required for this InfluxDB version");
}
