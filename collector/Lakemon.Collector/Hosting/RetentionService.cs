using Lakemon.Collector.Store;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Lakemon.Collector.Hosting;

/// <summary>Applies <c>store.retention</c>: at start and then hourly, results older than the retention are deleted.</summary>
public sealed class RetentionService(IResultStore store, TimeSpan retention, TimeProvider time, ILogger<RetentionService> logger) : BackgroundService
{
    private static readonly TimeSpan Period = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var removed = await store.DeleteOlderThanAsync(time.GetUtcNow() - retention, stoppingToken);
                if (removed > 0)
                {
                    logger.LogInformation("retention: removed {Count} results older than {Retention}", removed, retention);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError("retention: {Error}", e.Message);
            }
            try
            {
                await Task.Delay(Period, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
