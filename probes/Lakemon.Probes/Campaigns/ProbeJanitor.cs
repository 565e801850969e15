using System.Collections.Concurrent;
using System.Security.Cryptography;
using Lakemon.Probes.Configuration;
using Lakemon.Probes.Results;
using Lakemon.Probes.Storage;

namespace Lakemon.Probes.Campaigns;

/// <summary>
/// Removes what probes left behind (DESIGN.md §2): on every enabled RSE, through one door, everything under
/// <c>&lt;prefix&gt;/lakemon-probes/</c> older than a lifetime — files first, then each emptied directory, deepest
/// first — and, inside run directories that are still young, the files whose own stamp is too old. Nothing outside
/// <c>lakemon-probes</c> is ever addressed: every URL is the area's URL plus names the listing returned.
/// <para>RSEs are swept concurrently; on one RSE at most <see cref="RseOptions.MaxConcurrentProbes"/> storage calls
/// run at once (and at most <see cref="ProbeOptions.MaxConcurrent"/> over all RSEs), each with the budget
/// <see cref="ProbeOptions.Timeout"/>. Failures are values: an unreachable RSE or a refused delete is reported on its
/// RSE and the sweep goes on. Only the caller's cancellation ends it early.</para>
/// </summary>
public sealed class ProbeJanitor(LakemonOptions options, TimeProvider time)
{
    /// <summary>Native XRootD first (one cheap request per delete), then WebDAV, then local mounts.</summary>
    private static readonly string[] DoorPreference =
    [
        ProtocolSchemes.Root, ProtocolSchemes.Roots, ProtocolSchemes.Davs, ProtocolSchemes.Https, ProtocolSchemes.Http, ProtocolSchemes.File,
    ];

    /// <summary>The door the janitor uses on <paramref name="rse"/>: the most preferred one lakemon has a client for,
    /// or null when there is none.</summary>
    public static ProtocolOptions? DoorFor(RseOptions rse)
    {
        ArgumentNullException.ThrowIfNull(rse);
        return rse.Protocols
            .Where(p => StorageClientRegistry.Supports(p.Scheme))
            .OrderBy(p => Array.IndexOf(DoorPreference, p.Scheme) is var rank and >= 0 ? rank : DoorPreference.Length)
            .FirstOrDefault();
    }

    /// <summary>Sweeps every enabled RSE once, judging ages against the time provider's "now" taken at the start.</summary>
    public async Task<JanitorReport> CleanAsync(TimeSpan lifetime, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(lifetime, TimeSpan.Zero);
        var now = time.GetUtcNow();
        using var allSlots = new SemaphoreSlim(Math.Max(1, options.Probes.MaxConcurrent));
        var reports = await Task.WhenAll(options.Rses
            .Where(r => r.Enabled)
            .Select(r => CleanRseAsync(r, now, lifetime, allSlots, cancellationToken)));
        return new JanitorReport(now, lifetime, reports);
    }

    private async Task<JanitorRseReport> CleanRseAsync(RseOptions rse, DateTimeOffset now, TimeSpan lifetime, SemaphoreSlim allSlots, CancellationToken cancellationToken)
    {
        if (DoorFor(rse) is not { } door)
        {
            return new JanitorRseReport(rse.Name, null, null, 0, 0, 0, []);
        }
        var area = ProbePaths.Root(door.Prefix);
        IStorageClient client;
        try
        {
            client = StorageClientRegistry.Create(door.Scheme, StorageCredentials.From(rse.Credentials));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or StorageException)
        {
            var kind = e is StorageException storage ? storage.Kind : FailureKind.ProbeError;
            return new JanitorRseReport(rse.Name, door.Scheme, area, 0, 0, 0, [new JanitorFailure("setup", door.Prefix, kind, $"cannot set up the {door.Scheme} client: {e.Message}")]);
        }
        try
        {
            using var rseSlots = new SemaphoreSlim(Math.Max(1, rse.MaxConcurrentProbes));
            var sweep = new Sweep(client, rseSlots, allSlots, options.Probes.Timeout, time, now, lifetime, cancellationToken);
            await sweep.SweepAreaAsync(area);
            return sweep.Report(rse.Name, door.Scheme, area);
        }
        finally
        {
            (client as IDisposable)?.Dispose();
        }
    }

    /// <summary>One RSE's sweep: the walk over its probe area, its counters and its failures.</summary>
    private sealed class Sweep(IStorageClient client, SemaphoreSlim rseSlots, SemaphoreSlim allSlots, TimeSpan timeout, TimeProvider time, DateTimeOffset now, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        private readonly ConcurrentQueue<JanitorFailure> _failures = new();
        private int _files;
        private int _directories;
        private long _bytes;

        public async Task SweepAreaAsync(Uri area)
        {
            // A missing area lists as empty (no probe wrote there yet); a failed listing is reported already.
            if (await ListAsync(area) is not { } entries)
            {
                return;
            }
            var condemned = entries.Where(e => ProbeExpiry.IsExpired(e, now, lifetime)).ToList();
            await ForEachAsync(condemned.Where(e => !e.IsDirectory), DeleteAsync, area);
            await ForEachAsync(condemned.Where(e => e.IsDirectory), RemoveTreeAsync, area);
            await ForEachAsync(entries.Except(condemned).Where(e => e.IsDirectory), PruneAsync, area);
        }

        public JanitorRseReport Report(string rse, string protocol, Uri area) =>
            new(rse, protocol, area, _files, _directories, Interlocked.Read(ref _bytes),
                [.. _failures.OrderBy(f => f.Url.OriginalString, StringComparer.Ordinal)]);

        /// <summary>Empties a condemned directory — files first, then each subdirectory the same way — and removes
        /// it; a directory whose content could not all be removed stays (its failures are already reported).</summary>
        private async Task<bool> RemoveTreeAsync(Uri directory, StorageEntry entry)
        {
            if (await ListAsync(directory) is not { } entries)
            {
                return false;
            }
            var files = await ForEachAsync(entries.Where(e => !e.IsDirectory), DeleteAsync, directory);
            var directories = await ForEachAsync(entries.Where(e => e.IsDirectory), RemoveTreeAsync, directory);
            return files && directories && await DeleteAsync(directory, entry);
        }

        /// <summary>A young directory stays, and so does its young content; files stamped too long ago go.</summary>
        private async Task<bool> PruneAsync(Uri directory, StorageEntry entry)
        {
            if (await ListAsync(directory) is not { } entries)
            {
                return false;
            }
            var files = await ForEachAsync(entries.Where(e => !e.IsDirectory && ProbeExpiry.IsExpiredByStamp(e.Name, now, lifetime)), DeleteAsync, directory);
            var directories = await ForEachAsync(entries.Where(e => e.IsDirectory), PruneAsync, directory);
            return files && directories;
        }

        /// <summary>Runs <paramref name="action"/> on every entry (concurrently; the slots bound the storage calls);
        /// true when it succeeded on all of them.</summary>
        private async Task<bool> ForEachAsync(IEnumerable<StorageEntry> entries, Func<Uri, StorageEntry, Task<bool>> action, Uri directory)
        {
            var outcomes = await Task.WhenAll(entries.Select(e => ChildOf(directory, e.Name) is { } url ? action(url, e) : Task.FromResult(false)));
            return outcomes.All(ok => ok);
        }

        /// <summary>The URL of a listed name, or null (reported) for a name that could step out of the directory or
        /// would not survive being put into a URL.</summary>
        private Uri? ChildOf(Uri directory, string name)
        {
            if (name.Length == 0 || name is "." or ".." || name.AsSpan().IndexOfAny("/\\?#%") >= 0)
            {
                _failures.Enqueue(new JanitorFailure("list", directory, FailureKind.ProbeError, $"entry '{name}' cannot be addressed safely; left in place"));
                return null;
            }
            return StorageUrl.Child(directory, name);
        }

        /// <summary>The entries of a directory; empty when it is gone already, null when listing failed.</summary>
        private async Task<IReadOnlyList<StorageEntry>?> ListAsync(Uri directory)
        {
            var (succeeded, entries) = await CallAsync("list", directory, token => client.ListAsync(directory, new PhaseRecorder(), token), missing: []);
            return succeeded ? entries : null;
        }

        /// <summary>Deletes one file or emptied directory; one that is gone already counts as done, not as removed.</summary>
        private async Task<bool> DeleteAsync(Uri url, StorageEntry entry)
        {
            var (succeeded, removed) = await CallAsync("delete", url, async token =>
            {
                await client.DeleteAsync(url, new PhaseRecorder(), token);
                return true;
            }, missing: false);
            if (removed && entry.IsDirectory)
            {
                Interlocked.Increment(ref _directories);
            }
            else if (removed)
            {
                Interlocked.Increment(ref _files);
                Interlocked.Add(ref _bytes, entry.Size ?? 0);
            }
            return succeeded;
        }

        /// <summary>One storage call in a slot of this RSE and of the whole sweep, with its own budget. A not_found
        /// answer succeeds with <paramref name="missing"/>; any other failure is recorded and does not succeed.</summary>
        private async Task<(bool Succeeded, T Value)> CallAsync<T>(string operation, Uri url, Func<CancellationToken, Task<T>> call, T missing)
        {
            await rseSlots.WaitAsync(cancellationToken);
            try
            {
                await allSlots.WaitAsync(cancellationToken);
                try
                {
                    // The budget runs on the janitor's clock, so that a test can let it expire.
                    using var deadline = new CancellationTokenSource(timeout, time);
                    using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
                    return (true, await call(budget.Token));
                }
                finally
                {
                    allSlots.Release();
                }
            }
            catch (StorageException e) when (e.Kind == FailureKind.NotFound)
            {
                return (true, missing);
            }
            catch (StorageException e)
            {
                _failures.Enqueue(new JanitorFailure(operation, url, e.Kind, e.Message));
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                _failures.Enqueue(new JanitorFailure(operation, url, FailureKind.Timeout, $"no answer within {timeout.TotalSeconds:0.###} s"));
            }
            catch (IOException e)
            {
                _failures.Enqueue(new JanitorFailure(operation, url, NetworkFailures.Classify(e) ?? FailureKind.ProbeError, e.Message));
            }
            finally
            {
                rseSlots.Release();
            }
            return (false, missing);
        }
    }
}
