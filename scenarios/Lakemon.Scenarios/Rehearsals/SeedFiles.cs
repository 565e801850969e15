using System.Collections.Concurrent;
using Lakemon.Probes.Campaigns;
using Lakemon.Probes.Storage;

namespace Lakemon.Scenarios.Rehearsals;

/// <summary>Files written once per door before the load (what read, metadata and TPC calls work on); scenarios that
/// share a door and folder share the seeding.</summary>
public sealed class SeedFiles(string runId, WrittenFiles written)
{
    private readonly ConcurrentDictionary<(Door, string), Lazy<Task<IReadOnlyList<Uri>>>> _seeds = new();

    public static Uri Folder(Door door, string runId, string folder) => StorageUrl.Child(ProbePaths.RunDirectory(door.Prefix, runId), folder);

    public Task<IReadOnlyList<Uri>> GetAsync(Door door, string folder, int count, long size, CancellationToken cancellationToken) =>
        _seeds.GetOrAdd((door, folder), _ => new Lazy<Task<IReadOnlyList<Uri>>>(() => SeedAsync(door, folder, count, size, cancellationToken))).Value;

    private async Task<IReadOnlyList<Uri>> SeedAsync(Door door, string folder, int count, long size, CancellationToken cancellationToken)
    {
        var directory = Folder(door, runId, folder);
        written.AddDirectory(door, ProbePaths.RunDirectory(door.Prefix, runId));
        written.AddDirectory(door, directory);
        await door.Client.MakeDirectoryAsync(directory, parents: true, new PhaseRecorder(), cancellationToken);
        var files = new Uri[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (i, token) =>
        {
            var url = ProbePaths.NewFile(door.Prefix, runId, folder, $"seed{i}-{size}", DateTimeOffset.UtcNow);
            written.Add(door, url);
            await using var content = new RandomContentStream(size);
            await door.Client.UploadAsync(url, content, new PhaseRecorder(), token);
            files[i] = url;
        });
        return files;
    }
}
