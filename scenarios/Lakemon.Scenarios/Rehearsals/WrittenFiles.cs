using System.Collections.Concurrent;
using Lakemon.Probes.Results;
using Lakemon.Probes.Storage;

namespace Lakemon.Scenarios.Rehearsals;

/// <summary>
/// Everything a rehearsal wrote, per door, so that all of it is deleted at the end (a file is registered before the
/// write starts, so a write cut short is deleted too). The run directories are removed last.
/// </summary>
public sealed class WrittenFiles
{
    private readonly ConcurrentDictionary<Door, ConcurrentBag<Uri>> _files = new();
    private readonly ConcurrentDictionary<Door, ConcurrentBag<Uri>> _directories = new();

    public void Add(Door door, Uri file) => _files.GetOrAdd(door, _ => []).Add(file);

    /// <summary>A directory to remove after its files, deepest first.</summary>
    public void AddDirectory(Door door, Uri directory) => _directories.GetOrAdd(door, _ => []).Add(directory);

    public int Count(Door door) => _files.TryGetValue(door, out var files) ? files.Count : 0;

    public async Task<IReadOnlyList<CleanupTally>> DeleteAllAsync(int parallelism, CancellationToken cancellationToken)
    {
        var tallies = new List<CleanupTally>();
        foreach (var door in _files.Keys.Union(_directories.Keys).OrderBy(d => d.Name, StringComparer.Ordinal))
        {
            var files = _files.TryGetValue(door, out var bag) ? bag.Distinct().ToList() : [];
            var deleted = 0;
            var missing = 0;
            var failed = 0;
            await Parallel.ForEachAsync(files, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken }, async (file, token) =>
            {
                try
                {
                    await door.Client.DeleteAsync(file, new PhaseRecorder(), token);
                    Interlocked.Increment(ref deleted);
                }
                catch (StorageException ex) when (ex.Kind == FailureKind.NotFound)
                {
                    // Registered before a write that never created it.
                    Interlocked.Increment(ref missing);
                }
                catch (StorageException)
                {
                    Interlocked.Increment(ref failed);
                }
            });
            var directories = _directories.TryGetValue(door, out var dirs) ? dirs.Distinct().OrderByDescending(d => d.OriginalString.Length).ToList() : [];
            foreach (var directory in directories)
            {
                try
                {
                    await door.Client.DeleteAsync(directory, new PhaseRecorder(), cancellationToken);
                }
                catch (StorageException ex) when (ex.Kind == FailureKind.NotFound)
                {
                }
                catch (StorageException)
                {
                    failed++;
                }
            }
            tallies.Add(new CleanupTally(door.Name, files.Count, deleted, missing, failed));
        }
        return tallies;
    }
}
