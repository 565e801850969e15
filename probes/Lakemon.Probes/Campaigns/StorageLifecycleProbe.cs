using Lakemon.Probes.Results;
using Lakemon.Probes.Storage;

namespace Lakemon.Probes.Campaigns;

/// <summary>
/// The storage lifecycle of DESIGN.md §2 on one RSE door: upload random content → stat (size) → checksum (the
/// server's adler32 against ours) → read (our adler32 of the bytes received) → delete → stat_deleted (must be gone).
/// After the first failed step the rest are UNKNOWN/prerequisite_failed; the file is deleted whatever happened.
/// </summary>
public sealed class StorageLifecycleProbe : ICheckProbe<StorageCheck>
{
    public async Task RunAsync(StorageCheck check, ProbeContext context, Func<ProbeResult, ValueTask> emit, CancellationToken cancellationToken)
    {
        var client = context.ClientFactory(check.Protocol.Scheme, StorageCredentials.From(check.Rse.Credentials));
        var url = ProbePaths.NewFile(check.Protocol.Prefix, context.RunId, null, $"{check.Protocol.Scheme}-{check.SizeBytes}", context.Time.GetUtcNow());
        string? written = null;
        var uploadTried = false;
        var deleted = false;
        ProbeOperation? failed = null;
        try
        {
            foreach (var operation in ProbeOperations.StorageLifecycle)
            {
                var reported = check.Reported.Contains(operation);
                if (failed is { } earlier)
                {
                    if (reported)
                    {
                        await emit(CheckResults.Prerequisite(context, check, operation, earlier));
                    }
                    continue;
                }
                var phases = new PhaseRecorder(context.Time);
                uploadTried |= operation == ProbeOperation.Upload;
                var outcome = await ProbeStep.RunAsync(context, operation, token => operation switch
                {
                    ProbeOperation.Upload => UploadAsync(token),
                    ProbeOperation.Stat => StatAsync(token),
                    ProbeOperation.Checksum => ChecksumAsync(token),
                    ProbeOperation.Read => ReadAsync(token),
                    ProbeOperation.Delete => DeleteAsync(token),
                    _ => StatDeletedAsync(token),
                }, cancellationToken);
                deleted |= operation == ProbeOperation.Delete && outcome.Succeeded;
                if (!outcome.Succeeded)
                {
                    failed = operation;
                }
                if (reported)
                {
                    await emit(CheckResults.Storage(context, check, operation, outcome, phases));
                }
                if (outcome.Succeeded && context.Hooks is { } hooks)
                {
                    await hooks.AfterStepAsync(check, operation, url, cancellationToken);
                }

                async Task<StepValue> UploadAsync(CancellationToken token)
                {
                    await using var content = new RandomContentStream(check.SizeBytes);
                    var sent = await client.UploadAsync(url, content, phases, token);
                    written = sent.Adler32;
                    return new StepValue(sent.Bytes, $"{sent.Bytes} bytes written", Actual: sent.Adler32);
                }

                async Task<StepValue> StatAsync(CancellationToken token)
                {
                    var stat = await client.StatAsync(url, phases, token);
                    if (!stat.Exists)
                    {
                        throw new ProbeStepFailure(FailureKind.NotFound, "missing right after its upload");
                    }
                    return stat.Size == check.SizeBytes
                        ? new StepValue(Message: $"{stat.Size} bytes")
                        : throw new ProbeStepFailure(FailureKind.ServerError, $"size {stat.Size}, expected {check.SizeBytes}");
                }

                async Task<StepValue> ChecksumAsync(CancellationToken token)
                {
                    var server = await client.ChecksumAsync(url, "adler32", phases, token);
                    return server == written
                        ? new StepValue(Message: $"adler32 {server}", Expected: written, Actual: server)
                        : throw new ProbeStepFailure(FailureKind.ChecksumMismatch, $"server adler32 {server}, uploaded {written}", written, server);
                }

                async Task<StepValue> ReadAsync(CancellationToken token)
                {
                    var back = await client.ReadAsync(url, Stream.Null, phases, token);
                    if (back.Adler32 != written || back.Bytes != check.SizeBytes)
                    {
                        throw new ProbeStepFailure(FailureKind.ChecksumMismatch,
                            $"read {back.Bytes} bytes with adler32 {back.Adler32}, uploaded {check.SizeBytes} with {written}", written, back.Adler32);
                    }
                    return new StepValue(back.Bytes, $"{back.Bytes} bytes, adler32 verified", written, back.Adler32);
                }

                async Task<StepValue> DeleteAsync(CancellationToken token)
                {
                    await client.DeleteAsync(url, phases, token);
                    return new StepValue(Message: "deleted");
                }

                async Task<StepValue> StatDeletedAsync(CancellationToken token)
                {
                    var stat = await client.StatAsync(url, phases, token);
                    return stat.Exists
                        ? throw new ProbeStepFailure(FailureKind.ServerError, "still there after a successful delete")
                        : new StepValue(Message: "gone");
                }
            }
        }
        finally
        {
            if (uploadTried && !deleted)
            {
                await ProbeCleanup.DeleteQuietlyAsync(context, client, url);
            }
            (client as IDisposable)?.Dispose();
        }
    }
}
