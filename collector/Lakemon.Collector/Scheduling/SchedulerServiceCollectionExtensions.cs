using System.Threading.Channels;
using Lakemon.Probes.Campaigns;
using Lakemon.Probes.Configuration;
using Lakemon.Probes.Results;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Quartz;

namespace Lakemon.Collector.Scheduling;

/// <summary>Registers lakemon's scheduled probe jobs (DESIGN.md §3: `lakemon run` and `lakemon agent`).</summary>
public static class SchedulerServiceCollectionExtensions
{
    /// <summary>All nodes of a cluster must share the scheduler name; the instance id tells them apart.</summary>
    public const string SchedulerName = "lakemon";

    /// <summary>
    /// Adds a Quartz scheduler that runs the storage, TPC and janitor jobs on the crons of
    /// <see cref="LakemonOptions.Schedules"/>, writing every probe result to <paramref name="results"/> (the caller owns
    /// the channel and reads it), plus the hosted service that starts it with the host and, on shutdown, cancels the
    /// running campaigns and waits for their cleanup.
    /// </summary>
    /// <param name="store">Where the schedule lives; null resolves <see cref="LakemonOptions.Scheduler"/> (in memory
    /// unless a PostgreSQL job store is configured, whose connection string is then read from the environment).</param>
    public static IServiceCollection AddLakemonScheduler(
        this IServiceCollection services, LakemonOptions options, ChannelWriter<ProbeResult> results, SchedulerStoreOptions? store = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(results);
        store ??= SchedulerStoreOptions.FromConfig(options.Scheduler, Environment.GetEnvironmentVariable);

        // The clock, the jitter's random source and the check executor are taken from the container when a test put
        // them there; a host registers none of them.
        services.AddSingleton(provider => new ScheduledCampaigns(
            options,
            results,
            provider.GetService<StartJitter>() ?? StartJitter.Shared,
            provider.GetService<TimeProvider>() ?? TimeProvider.System,
            (provider.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger<ScheduledCampaigns>(),
            provider.GetService<CampaignRunner.CheckExecutor>(),
            provider.GetService<FireClaims>()));
        if (store.PostgresConnectionString is { } claimsConnection)
        {
            services.AddSingleton(_ => new FireClaims(claimsConnection));
        }

        services.AddQuartz(quartz =>
        {
            quartz.ConfigureScheduler(scheduler =>
            {
                scheduler.InstanceName = SchedulerName;
                if (store.InstanceId == SchedulerOptions.AutoInstanceId)
                {
                    scheduler.GenerateInstanceId = true;
                }
                else
                {
                    scheduler.InstanceId = store.InstanceId;
                }
                // Ctrl-C / SIGTERM: running campaigns are cancelled (their checks clean up and report nothing more),
                // and the host waits for that rather than killing probes mid-upload.
                scheduler.ShutdownJobInterruption = ShutdownJobInterruption.Always;
            });
            // One thread per job; the jobs never overlap themselves, so more would only sit idle.
            quartz.UseDefaultThreadPool(maxConcurrency: 3);
            if (store.PostgresConnectionString is { } connectionString)
            {
                quartz.UsePersistentStore(persistent =>
                {
                    persistent.UsePostgres(NpgsqlFactory.Instance, connectionString);
                    persistent.UseClustering(cluster =>
                    {
                        if (store.ClusterCheckinInterval is { } interval)
                        {
                            cluster.CheckinInterval = interval;
                            cluster.CheckinMisfireThreshold = interval;
                        }
                    });
                    persistent.UseSystemTextJsonSerializer();
                    // Quartz's own PostgreSQL schema (create_postgres.sql inside Quartz.dll, the tables_postgres.sql of
                    // its repository) is created on first start; concurrent first starts are safe.
                    persistent.ProvisionSchema();
                    persistent.ConfigureStore(ado =>
                    {
                        ado.MisfireThreshold = ProbeJobs.MisfireThreshold;
                        // Job data as strings: lakemon puts none there, and this refuses anything but primitives.
                        ado.StoreJobDataAsStrings = true;
                    });
                });
            }
            else
            {
                quartz.UseInMemoryStore(memory => memory.MisfireThreshold = ProbeJobs.MisfireThreshold);
            }
            ProbeJobs.AddTo(quartz, options.Schedules, network: options.Network is not null);
        });
        services.AddQuartzHostedService(hosted => hosted.WaitForJobsToComplete = true);
        return services;
    }
}
