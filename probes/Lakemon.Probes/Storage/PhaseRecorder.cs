namespace Lakemon.Probes.Storage;

/// <summary>
/// The one helper that times phases of an operation. Owned by the caller and passed into every client call, so the
/// phases measured before a failure are still there afterwards. A phase entered twice accumulates.
/// </summary>
public sealed class PhaseRecorder
{
    private readonly Lock _gate = new();
    private readonly List<KeyValuePair<string, TimeSpan>> _phases = [];
    private readonly TimeProvider _time;

    public PhaseRecorder(TimeProvider? time = null) => _time = time ?? TimeProvider.System;

    public Scope Start(string phase) => new(this, phase, _time.GetTimestamp());

    public async Task<T> TimeAsync<T>(string phase, Func<Task<T>> action)
    {
        using var scope = Start(phase);
        return await action();
    }

    public async Task TimeAsync(string phase, Func<Task> action)
    {
        using var scope = Start(phase);
        await action();
    }

    public void Add(string phase, TimeSpan elapsed)
    {
        lock (_gate)
        {
            var index = _phases.FindIndex(p => p.Key == phase);
            if (index < 0)
            {
                _phases.Add(new(phase, elapsed));
            }
            else
            {
                _phases[index] = new(phase, _phases[index].Value + elapsed);
            }
        }
    }

    /// <summary>Phases in the order they were first entered.</summary>
    public IReadOnlyList<KeyValuePair<string, TimeSpan>> Snapshot()
    {
        lock (_gate)
        {
            return [.. _phases];
        }
    }

    public TimeSpan? this[string phase]
    {
        get
        {
            lock (_gate)
            {
                var index = _phases.FindIndex(p => p.Key == phase);
                return index < 0 ? null : _phases[index].Value;
            }
        }
    }

    public readonly struct Scope(PhaseRecorder owner, string phase, long started) : IDisposable
    {
        public void Dispose()
        {
            if (owner is not null)
            {
                owner.Add(phase, owner._time.GetElapsedTime(started));
            }
        }
    }
}
