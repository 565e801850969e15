using System.Threading.Channels;
using Lakemon.Collector.Scheduling;
using Lakemon.Probes.Configuration;
using Lakemon.Probes.Results;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace Lakemon.Tests.Scheduling;

/// <summary>
/// A scheduler built exactly as a host builds it (<see cref="SchedulerServiceCollectionExtensions.AddLakemonScheduler"/>),
/// without the host: the test starts it, watches its fires and the results channel, and shuts it down.
/// </summary>
internal sealed class SchedulerTestHost : IAsyncDisposable
{
    private readonly ServiceProvider provider;

    private SchedulerTestHost(ServiceProvider provider, IScheduler scheduler, Channel<ProbeResult> results, FireRecorder fires)
    {
        this.provider = provider;
        Scheduler = scheduler;
        Results = results;
        Fires = fires;
    }

    public IScheduler Scheduler { get; }

    public Channel<ProbeResult> Results { get; }

    public FireRecorder Fires { get; }

    /// <param name="configure">Registers test doubles (clock, jitter random source, check executor) before the scheduler.</param>
    public static async Task<SchedulerTestHost> CreateAsync(
        LakemonOptions options, Action<IServiceCollection>? configure = null, SchedulerStoreOptions? store = null, bool start = true)
    {
        var results = Channel.CreateUnbounded<ProbeResult>();
        var services = new ServiceCollection();
        services.AddLogging();
        configure?.Invoke(services);
        services.AddLakemonScheduler(options, results.Writer, store ?? SchedulerStoreOptions.InMemory);
        var provider = services.BuildServiceProvider();
        var scheduler = await provider.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var fires = new FireRecorder();
        scheduler.ListenerManager.AddJobListener(fires, [GroupMatcher<JobKey>.GroupEquals(ProbeJobs.Group)]);
        if (start)
        {
            await scheduler.Start();
        }
        return new SchedulerTestHost(provider, scheduler, results, fires);
    }

    /// <summary>Waits, in real time, until <paramref name="condition"/> holds; false when it never did.</summary>
    public static async Task<bool> EventuallyAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }
            await Task.Delay(20);
        }
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        await Scheduler.Shutdown(waitForJobsToComplete: true);
        await provider.DisposeAsync();
    }
}
