using System.Collections.Concurrent;
using Quartz;

namespace Lakemon.Tests.Scheduling;

/// <summary>A Quartz job listener that records every execution the scheduler starts and ends, and the most executions
/// of one job that were ever running at once — what <see cref="DisallowConcurrentExecutionAttribute"/> is about.</summary>
internal sealed class FireRecorder : IJobListener
{
    private readonly Lock gate = new();
    private readonly Dictionary<JobKey, int> running = [];
    private readonly Dictionary<JobKey, int> maxRunning = [];

    public string Name => "fire-recorder";

    public ConcurrentQueue<(JobKey Job, DateTimeOffset ScheduledAt, string FireInstanceId)> Started { get; } = new();

    public ConcurrentQueue<(JobKey Job, Exception? Error)> Finished { get; } = new();

    public int Count(JobKey job) => Started.Count(f => f.Job.Equals(job));

    public int FinishedCount(JobKey job) => Finished.Count(f => f.Job.Equals(job));

    public int MaxRunning(JobKey job)
    {
        lock (gate)
        {
            return maxRunning.GetValueOrDefault(job);
        }
    }

    public ValueTask JobToBeExecuted(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var key = context.JobDetail.Key;
        lock (gate)
        {
            running[key] = running.GetValueOrDefault(key) + 1;
            maxRunning[key] = Math.Max(maxRunning.GetValueOrDefault(key), running[key]);
        }
        Started.Enqueue((key, context.ScheduledFireTimeUtc ?? context.FireTimeUtc, context.FireInstanceId));
        return ValueTask.CompletedTask;
    }

    public ValueTask JobExecutionVetoed(IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken = default)
    {
        var key = context.JobDetail.Key;
        lock (gate)
        {
            running[key]--;
        }
        Finished.Enqueue((key, jobException));
        return ValueTask.CompletedTask;
    }

    public ValueTask JobProgressChanged(IJobExecutionContext context, Quartz.Extensibility.FireInstanceProgress progress, CancellationToken cancellationToken = default) =>
        ValueTask.CompletedTask;
}
