using Lakemon.Probes.Configuration;
using Lakemon.Probes.Results;
using Lakemon.Probes.Storage;

namespace Lakemon.Probes.Campaigns;

/// <summary>
/// One third-party copy on one link: seed a random file on the source, make the destination directory, let the
/// servers copy, then compare the destination's adler32 (as its server computes it) with what was seeded; both ends
/// are cleaned whatever happened. One result: the stage that failed names itself in the message.
/// <para>Failure kinds: an endpoint that cannot be reached at all (connect, tls, timeout) is reported as such on
/// every stage, so a dead RSE shows up as `connect` on its links too; anything else that goes wrong inside the copy
/// is `tpc_failed` — the servers were reachable but would not move the file — with the server's own reason kept in
/// the message.</para>
/// </summary>
public sealed class TpcProbe : ICheckProbe<TpcCheck>
{
    private static readonly FailureKind[] ReachabilityKinds = [FailureKind.Connect, FailureKind.Tls, FailureKind.Timeout];

    public async Task RunAsync(TpcCheck check, ProbeContext context, Func<ProbeResult, ValueTask> emit, CancellationToken cancellationToken)
    {
        var sourceCredentials = StorageCredentials.From(check.Source.Credentials);
        var destinationCredentials = StorageCredentials.From(check.Destination.Credentials);
        var sourceClient = context.ClientFactory(check.SourceProtocol.Scheme, sourceCredentials);
        var destinationClient = context.ClientFactory(check.DestinationProtocol.Scheme, destinationCredentials);
        var now = context.Time.GetUtcNow();
        var label = $"{TpcModeNames.ToWire(check.Mode)}-{check.SizeBytes}";
        var source = ProbePaths.NewFile(check.SourceProtocol.Prefix, context.RunId, $"tpc-to-{check.Destination.Name}", label, now);
        var destination = ProbePaths.NewFile(check.DestinationProtocol.Prefix, context.RunId, $"tpc-from-{check.Source.Name}", label, now);
        var phases = new PhaseRecorder(context.Time);
        var started = context.Time.GetTimestamp();
        var seeded = false;
        var copied = false;
        try
        {
            string? written = null;
            var seed = await ProbeStep.RunAsync(context, ProbeOperation.Upload, async token =>
            {
                seeded = true;
                await using var content = new RandomContentStream(check.SizeBytes);
                using (phases.Start("seed"))
                {
                    written = (await sourceClient.UploadAsync(source, content, new PhaseRecorder(context.Time), token)).Adler32;
                }
                return new StepValue();
            }, cancellationToken);
            if (!seed.Succeeded)
            {
                await EmitFailureAsync("seeding the source", seed, seed.Kind!.Value);
                return;
            }

            var prepare = await ProbeStep.RunAsync(context, ProbeOperation.Tpc, async token =>
            {
                await destinationClient.MakeDirectoryAsync(StorageUrl.Parent(destination), parents: true, phases, token);
                return new StepValue();
            }, cancellationToken);
            if (!prepare.Succeeded)
            {
                await EmitFailureAsync("preparing the destination directory", prepare, prepare.Kind!.Value);
                return;
            }

            var active = check.Mode == TpcMode.HttpPush ? sourceClient : destinationClient;
            var remote = check.Mode == TpcMode.HttpPush ? destinationCredentials : sourceCredentials;
            var copy = await ProbeStep.RunAsync(context, ProbeOperation.Tpc, async token =>
            {
                copied = true;
                var moved = await active.CopyAsync(source, destination, new CopyOptions(check.Mode, remote), null, phases, token);
                return new StepValue(moved.Bytes > 0 ? moved.Bytes : check.SizeBytes);
            }, cancellationToken);
            if (!copy.Succeeded)
            {
                var kind = ReachabilityKinds.Contains(copy.Kind!.Value) || copy.Status == ProbeStatus.Unknown ? copy.Kind.Value : FailureKind.TpcFailed;
                var reason = kind == copy.Kind ? copy.Message : $"{copy.Kind.Value.ToWire()}: {copy.Message}";
                await EmitFailureAsync("copy", copy with { Message = reason }, kind);
                return;
            }

            var verify = await ProbeStep.RunAsync(context, ProbeOperation.Checksum, async token =>
            {
                var actual = await destinationClient.ChecksumAsync(destination, "adler32", phases, token);
                return actual == written
                    ? new StepValue(Expected: written, Actual: actual)
                    : throw new ProbeStepFailure(FailureKind.ChecksumMismatch, $"destination adler32 {actual}, source {written}", written, actual);
            }, cancellationToken);
            if (!verify.Succeeded)
            {
                await EmitFailureAsync("verifying the destination", verify, verify.Kind!.Value);
                return;
            }

            await emit(CheckResults.Transfer(context, check, copy with
            {
                StartedAt = seed.StartedAt,
                Duration = context.Time.GetElapsedTime(started),
                Message = copy.Status == ProbeStatus.Warning ? copy.Message : $"{check.SizeBytes} bytes copied, adler32 {written} verified",
                Value = copy.Value! with { Expected = written, Actual = verify.Actual },
            }, phases));

            ValueTask EmitFailureAsync(string stage, StepOutcome outcome, FailureKind kind) =>
                emit(CheckResults.Transfer(context, check, outcome with
                {
                    StartedAt = seed.StartedAt,
                    Duration = context.Time.GetElapsedTime(started),
                    Kind = kind,
                    Message = $"{stage}: {outcome.Message}",
                    Value = outcome.Value is null ? null : outcome.Value with { Bytes = null },
                }, phases));
        }
        finally
        {
            if (copied)
            {
                await ProbeCleanup.DeleteQuietlyAsync(context, destinationClient, destination);
            }
            if (seeded)
            {
                await ProbeCleanup.DeleteQuietlyAsync(context, sourceClient, source);
            }
            (sourceClient as IDisposable)?.Dispose();
            (destinationClient as IDisposable)?.Dispose();
        }
    }
}
