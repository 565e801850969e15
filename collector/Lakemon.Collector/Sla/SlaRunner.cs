using Lakemon.Collector.Metrics;
using Lakemon.Collector.Sla.Reports;
using Lakemon.Collector.Store;
using Lakemon.Probes.Configuration;
using Microsoft.Extensions.Logging;

namespace Lakemon.Collector.Sla;

/// <summary>
/// What the collector's SLA jobs do, kept out of them so they stay one line: recompute this month so far for the
/// <c>lakemon_sla_*</c> gauges, and write the nightly report files. Never throws: a failure is logged and the next fire
/// tries again.
/// </summary>
public sealed partial class SlaRunner(SlaCalculator calculator, IResultStore store, LakemonMetrics metrics, TimeProvider time, ILogger<SlaRunner> logger)
{
    public async ValueTask RefreshAsync(CancellationToken cancellationToken)
    {
        try
        {
            var now = time.GetUtcNow();
            var today = DateOnly.FromDateTime(now.UtcDateTime);
            var report = await calculator.ComputeAsync(store, new DateOnly(today.Year, today.Month, 1), today, now, null, null, cancellationToken);
            metrics.RecordSla(report);
            LogRefreshed(report.Rses.Count, report.Sites.Count);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
#pragma warning disable CA1031 // A job must not throw (Quartz would only log it); the log line is the handling.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogFailed(e, "refresh of the lakemon_sla_* gauges");
        }
    }

    /// <summary>The month of yesterday, from its first day to yesterday, as <c>sla-yyyy-MM.EXT</c> in each configured
    /// format; a file is replaced whole, and the month's is final on the 1st of the next month.</summary>
    public async ValueTask WriteReportAsync(CancellationToken cancellationToken)
    {
        try
        {
            var now = time.GetUtcNow();
            var yesterday = DateOnly.FromDateTime(now.UtcDateTime).AddDays(-1);
            var report = await calculator.ComputeAsync(store, new DateOnly(yesterday.Year, yesterday.Month, 1), yesterday, now, null, null, cancellationToken);
            var options = calculator.Options.Report;
            Directory.CreateDirectory(options.Directory);
            foreach (var format in options.Formats)
            {
                var path = Path.Combine(options.Directory, $"sla-{yesterday:yyyy-MM}.{format.Extension()}");
                var temporary = path + ".tmp";
                await using (var file = File.Create(temporary))
                {
                    SlaReportWriter.Write(report, format, file);
                }
                File.Move(temporary, path, overwrite: true);
                LogWritten(path);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
#pragma warning disable CA1031 // As above.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogFailed(e, "nightly SLA report");
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "SLA gauges refreshed for {Rses} RSE(s) and {Sites} site(s)")]
    private partial void LogRefreshed(int rses, int sites);

    [LoggerMessage(Level = LogLevel.Information, Message = "SLA report written to {Path}")]
    private partial void LogWritten(string path);

    [LoggerMessage(Level = LogLevel.Error, Message = "{What} failed")]
    private partial void LogFailed(Exception exception, string what);
}
