using System.Collections.Concurrent;
using Lakemon.Probes.Results;

namespace Lakemon.Scenarios.Rehearsals;

/// <summary>Every result a rehearsal produced (all with kind=challenge and the run id), and those not yet shipped to a
/// collector.</summary>
public sealed class ChallengeResults
{
    private readonly ConcurrentQueue<ProbeResult> _all = new();
    private readonly ConcurrentQueue<ProbeResult> _pending = new();

    public void Add(ProbeResult result)
    {
        _all.Enqueue(result);
        _pending.Enqueue(result);
    }

    public IReadOnlyList<ProbeResult> All => [.. _all];

    public List<ProbeResult> TakePending(int max)
    {
        var taken = new List<ProbeResult>();
        while (taken.Count < max && _pending.TryDequeue(out var result))
        {
            taken.Add(result);
        }
        return taken;
    }
}
