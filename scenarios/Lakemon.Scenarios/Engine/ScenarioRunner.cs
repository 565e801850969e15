using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Lakemon.Scenarios.Engine;

/// <summary>
/// Runs one scenario along its timeline. Open model: each call is started at its intended instant whether or not
/// earlier calls finished, and its latency (and its first step's) is measured from that instant, so a stalled server
/// shows up in the percentiles instead of silently lowering the rate (coordinated omission). Closed model: each copy
/// loops, its latency measured from the actual start.
/// </summary>
public sealed class ScenarioRunner
{
    private readonly Scenario _scenario;
    private readonly ScenarioRunOptions _options;
    private readonly StepMeasurements _calls;
    private readonly StepMeasurements[] _steps;
    private readonly Func<StepContext, Task<StepResult>>[] _stepRuns;
    private readonly LoadTimeline _timeline;
    private long _started;
    private long _invocations;
    private int _targetCopies;
    private int[] _copyRunning = [];

    // Open-model calls in flight, plus one held by the injector until it has started them all; the last one out
    // completes _openCallsDone. A count rather than a list of the calls' tasks: an hour at 1,000 calls/s is 3.6 million.
    private int _openCalls = 1;
    private readonly TaskCompletionSource _openCallsDone = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ScenarioRunner(Scenario scenario, ScenarioRunOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        _scenario = scenario;
        _options = options ?? ScenarioRunOptions.Default;
        _calls = new StepMeasurements(scenario.Name);
        _steps = [.. scenario.Steps.Select(s => new StepMeasurements(s.Name))];
        _stepRuns = [.. scenario.Steps.Select(s => s.Run)];
        _timeline = LoadTimelineBuilder.Build(scenario.Simulations);
    }

    public LoadTimeline Timeline => _timeline;

    public async Task<ScenarioResult> RunAsync(Func<ScenarioStats, Task>? onRealtime, CancellationToken cancellationToken)
    {
        using var abort = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var states = _scenario.Thresholds.Select(_ => ThresholdState.Initial).ToArray();
        var aborted = false;
        var loadDuration = _timeline.Duration;
        try
        {
            if (_scenario.Init is { } init)
            {
                try
                {
                    await init(cancellationToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    // Nothing ran: the scenario fails with the reason, and the other scenarios of the run go on.
                    return new ScenarioResult(Snapshot(TimeSpan.Zero), [], Aborted: false) { Error = $"init failed: {ex.Message}" };
                }
            }
            _started = Stopwatch.GetTimestamp();
            _copyRunning = new int[Math.Max(1, _timeline.MaxCopies)];
            var workers = new List<Task>();
            var load = Task.WhenAll(InjectAsync(abort.Token), ControlCopiesAsync(workers, abort.Token));
            using var ticker = new PeriodicTimer(_options.RealtimeInterval);
            var tick = ticker.WaitForNextTickAsync(abort.Token).AsTask();
            while (true)
            {
                var done = await Task.WhenAny(load, tick);
                if (done == load)
                {
                    break;
                }
                if (tick.IsCanceled || tick.IsFaulted)
                {
                    await load.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                    break;
                }
                var stats = Snapshot(Elapsed());
                for (var i = 0; i < states.Length; i++)
                {
                    states[i] = ThresholdEvaluator.Evaluate(_scenario.Thresholds[i], stats, states[i]);
                }
                if (onRealtime is not null)
                {
                    await onRealtime(stats);
                }
                if (states.Any(s => s.Aborted))
                {
                    aborted = true;
                    loadDuration = Elapsed();
                    await abort.CancelAsync();
                    await load.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                    break;
                }
                tick = ticker.WaitForNextTickAsync(abort.Token).AsTask();
            }
            Task[] running;
            lock (workers)
            {
                running = [.. workers];
            }
            await Task.WhenAll([.. running, _openCallsDone.Task]).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            cancellationToken.ThrowIfCancellationRequested();
        }
        finally
        {
            if (_scenario.Clean is { } clean)
            {
                await clean(CancellationToken.None);
            }
        }
        var final = Snapshot(loadDuration);
        var results = _scenario.Thresholds.Select((t, i) => ThresholdEvaluator.Final(t, final, states[i])).ToList();
        return new ScenarioResult(final, results, aborted);
    }

    public ScenarioStats Snapshot(TimeSpan duration) =>
        new(_scenario.Name, duration, _calls.Snapshot(duration), [.. _steps.Select(s => s.Snapshot(duration))]);

    private TimeSpan Elapsed() => Stopwatch.GetElapsedTime(_started);

    private async Task InjectAsync(CancellationToken cancellationToken)
    {
        try
        {
            await InjectAllAsync(cancellationToken);
        }
        finally
        {
            OpenCallEnded();
        }
    }

    private async Task InjectAllAsync(CancellationToken cancellationToken)
    {
        foreach (var at in _timeline.Injections)
        {
            var wait = at - Elapsed();
            // Timers fire at ~1 ms granularity; nearer calls start now rather than late.
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait, cancellationToken);
            }
            cancellationToken.ThrowIfCancellationRequested();
            var intended = _started + (long)(at.Ticks * (Stopwatch.Frequency / (double)TimeSpan.TicksPerSecond));
            Interlocked.Increment(ref _openCalls);
            // On the thread pool, so that a step's synchronous start never delays the next injection.
            ThreadPool.QueueUserWorkItem(
                static call => _ = call.Runner.OpenCallAsync(call.Intended, call.Token),
                (Runner: this, Intended: intended, Token: cancellationToken),
                preferLocal: false);
        }
        if (_timeline.Duration > Elapsed())
        {
            await Task.Delay(_timeline.Duration - Elapsed(), cancellationToken);
        }
    }

    private async Task OpenCallAsync(long intendedStart, CancellationToken cancellationToken)
    {
        try
        {
            await CallAsync(intendedStart, -1, cancellationToken);
        }
        finally
        {
            OpenCallEnded();
        }
    }

    private void OpenCallEnded()
    {
        if (Interlocked.Decrement(ref _openCalls) == 0)
        {
            _openCallsDone.TrySetResult();
        }
    }

    private async Task ControlCopiesAsync(List<Task> workers, CancellationToken cancellationToken)
    {
        foreach (var change in _timeline.Concurrency)
        {
            var wait = change.At - Elapsed();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken);
            }
            Volatile.Write(ref _targetCopies, change.Copies);
            for (var copy = 0; copy < change.Copies; copy++)
            {
                if (Interlocked.CompareExchange(ref _copyRunning[copy], 1, 0) == 0)
                {
                    var index = copy;
                    var worker = Task.Run(() => CopyLoopAsync(index, cancellationToken), CancellationToken.None);
                    lock (workers)
                    {
                        workers.Add(worker);
                    }
                }
            }
        }
    }

    private async Task CopyLoopAsync(int copy, CancellationToken cancellationToken)
    {
        while (true)
        {
            while (copy < Volatile.Read(ref _targetCopies) && !cancellationToken.IsCancellationRequested)
            {
                await CallAsync(Stopwatch.GetTimestamp(), copy, cancellationToken);
            }
            Volatile.Write(ref _copyRunning[copy], 0);
            // The controller may have raised the target between our check and the flag going down.
            if (cancellationToken.IsCancellationRequested || copy >= Volatile.Read(ref _targetCopies)
                || Interlocked.CompareExchange(ref _copyRunning[copy], 1, 0) != 0)
            {
                return;
            }
        }
    }

    // A closed-model copy awaits one call after another, tens of thousands a second: the pooled builder reuses the
    // call's state machine instead of allocating one per call that waits on I/O.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask CallAsync(long intendedStart, int copy, CancellationToken cancellationToken)
    {
        var context = new StepContext(_scenario.Name, Interlocked.Increment(ref _invocations) - 1, copy, cancellationToken);
        var stepStart = intendedStart;
        long bytes = 0;
        var callResult = StepResult.Ok();
        for (var i = 0; i < _stepRuns.Length; i++)
        {
            StepResult result;
            try
            {
                result = await _stepRuns[i](context);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (OperationCanceledException ex)
            {
                result = StepResult.Fail("timeout", ex.Message);
            }
#pragma warning disable CA1031 // a step that throws is a failed call, not a crashed run
            catch (Exception ex)
#pragma warning restore CA1031
            {
                result = StepResult.Fail("probe_error", ex.Message);
            }
            var now = Stopwatch.GetTimestamp();
            _steps[i].Record(result, Stopwatch.GetElapsedTime(stepStart, now));
            stepStart = now;
            bytes += result.Bytes;
            if (!result.IsOk)
            {
                callResult = StepResult.Fail(result.FailureKind ?? "probe_error", result.Message, bytes);
                break;
            }
        }
        // The call ended when its last step did (stepStart is that step's end).
        _calls.Record(callResult.IsOk ? StepResult.Ok(bytes) : callResult, Stopwatch.GetElapsedTime(intendedStart, stepStart));
    }
}
