using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Lakemon.Probes.Configuration;
using Lakemon.Probes.Results;
using Lakemon.Probes.Storage;

namespace Lakemon.Probes.Smoke;

/// <summary>
/// A first probe round over every RSE door of a configuration, through the registered storage clients: upload, stat,
/// checksum (server vs ours), read back (adler32 verified), delete, and stat again (must be gone). It is the interim
/// main job of `lakemon run` until the probe engine (result records, TPC matrix, scheduling) replaces it.
/// </summary>
public sealed class SmokeRound(LakemonOptions options, string runId)
{
    private const int FileSize = 1024;

    public async Task<IReadOnlyList<SmokeResult>> RunAsync(CancellationToken cancellationToken)
    {
        var results = new List<SmokeResult>();
        foreach (var rse in options.Rses.Where(r => r.Enabled))
        {
            var credentials = StorageCredentials.From(rse.Credentials);
            foreach (var protocol in rse.Protocols)
            {
                using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                budget.CancelAfter(options.Probes.Timeout);
                var steps = new StepRecorder(rse.Name, protocol.Scheme);
                if (!StorageClientRegistry.Supports(protocol.Scheme))
                {
                    steps.Skip("all", $"no client for {protocol.Scheme} yet");
                }
                else
                {
                    var client = StorageClientRegistry.Create(protocol.Scheme, credentials);
                    try
                    {
                        await RunDoorAsync(client, protocol, steps, budget.Token);
                    }
                    catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                    {
                        steps.Fail("timeout", FailureKind.Timeout, $"no answer within {options.Probes.Timeout.TotalSeconds:0} s");
                    }
                    catch (StepFailedException)
                    {
                        // Recorded; the later steps of this door depend on the failed one and are not run.
                    }
                    finally
                    {
                        (client as IDisposable)?.Dispose();
                    }
                }
                results.AddRange(steps.Results);
            }
        }
        return results;
    }

    private async Task RunDoorAsync(IStorageClient client, ProtocolOptions protocol, StepRecorder steps, CancellationToken cancellationToken)
    {
        var stamp = DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var url = new Uri($"{protocol.Prefix.OriginalString.TrimEnd('/')}/lakemon-probes/{runId}/{stamp}-smoke-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}.bin");
        var content = RandomNumberGenerator.GetBytes(FileSize);
        var phases = new PhaseRecorder();
        string? written = null;

        await steps.RunAsync("upload", async () =>
        {
            var result = await client.UploadAsync(url, new MemoryStream(content), phases, cancellationToken);
            written = result.Adler32;
            return $"{result.Bytes} bytes";
        });
        await steps.RunAsync("stat", async () =>
        {
            var stat = await client.StatAsync(url, phases, cancellationToken);
            return stat.Exists && stat.Size == FileSize ? $"{stat.Size} bytes"
                : throw new StepFailedException(FailureKind.NotFound, stat.Exists ? $"size {stat.Size}, expected {FileSize}" : "missing right after upload");
        });
        await steps.RunAsync("checksum", async () =>
        {
            var server = await client.ChecksumAsync(url, "adler32", phases, cancellationToken);
            return server == written ? $"adler32={server}" : throw new StepFailedException(FailureKind.ChecksumMismatch, $"server adler32 {server} != ours {written}");
        });
        await steps.RunAsync("read", async () =>
        {
            var back = await client.ReadAsync(url, Stream.Null, phases, cancellationToken);
            return back.Adler32 == written ? $"{back.Bytes} bytes, adler32 verified"
                : throw new StepFailedException(FailureKind.ChecksumMismatch, $"read adler32 {back.Adler32} != written {written}");
        });
        await steps.RunAsync("delete", async () =>
        {
            await client.DeleteAsync(url, phases, cancellationToken);
            return "deleted";
        });
        await steps.RunAsync("stat-deleted", async () =>
        {
            var stat = await client.StatAsync(url, phases, cancellationToken);
            return stat.Exists ? throw new StepFailedException(FailureKind.ServerError, "still there after delete") : "gone";
        });
        // The run directory is empty now; removing it is housekeeping, not a check.
        try
        {
            await client.DeleteAsync(StorageUrl.Parent(url), phases, cancellationToken);
        }
        catch (StorageException)
        {
        }
    }

    private sealed class StepFailedException(FailureKind kind, string message) : Exception(message)
    {
        public FailureKind Kind { get; } = kind;
    }

    private sealed class StepRecorder(string rse, string protocol)
    {
        public List<SmokeResult> Results { get; } = [];

        public async Task RunAsync(string operation, Func<Task<string>> step)
        {
            var clock = Stopwatch.StartNew();
            try
            {
                var message = await step();
                Results.Add(new SmokeResult(rse, protocol, operation, SmokeStatus.Ok, clock.Elapsed, message));
            }
            catch (Exception e) when (e is StepFailedException or StorageException)
            {
                var kind = e is StorageException storage ? storage.Kind : ((StepFailedException)e).Kind;
                Fail(operation, kind, e.Message, clock.Elapsed);
                throw new StepFailedException(kind, e.Message);
            }
        }

        public void Fail(string operation, FailureKind kind, string message, TimeSpan elapsed = default) =>
            Results.Add(new SmokeResult(rse, protocol, operation, SmokeStatus.Failed, elapsed, $"{kind.ToWire()}: {message}"));

        public void Skip(string operation, string message) =>
            Results.Add(new SmokeResult(rse, protocol, operation, SmokeStatus.Skipped, TimeSpan.Zero, message));
    }
}
