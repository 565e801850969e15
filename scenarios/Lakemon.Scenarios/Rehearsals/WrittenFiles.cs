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
        var doors = _files.Keys.Union(_directories.Keys).OrderBy(d => d.Name, StringComparer.Ordinal).ToList();
        var tallies = new Dictionary<Door, CleanupTally>();
        foreach (var door in doors)
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
            tallies[door] = new CleanupTally(door.Name, files.Count, deleted, missing, failed);
        }
        // Directories last and deepest first across all doors: two doors of one RSE (root and https) share the run
        // directory, which empties only when both doors' folders are gone; the second delete of it finds nothing.
        var directories = _directories.SelectMany(p => p.Value.Distinct().Select(d => (Door: p.Key, Url: d)))
            .OrderByDescending(d => d.Url.AbsolutePath.TrimEnd('/').Length).ToList();
        foreach (var (door, directory) in directories)
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
                tallies[door] = tallies[door] with { Failed = tallies[door].Failed + 1 };
            }
        }
        return [.. doors.Select(d => tallies[d])];
    }
}
