using System.Diagnostics;
using Lakemon.Probes.Configuration;
using Lakemon.Probes.Results;
using Lakemon.Probes.Storage;
using Lakemon.Scenarios.Engine;

namespace Lakemon.Scenarios.Rehearsals;

/// <summary>
/// Runs one storage operation as a load step: a budget per call (cancellation becomes <c>timeout</c>), failures as
/// values with the protocol's failure kind, and one <see cref="ProbeResult"/> (kind=challenge, the run id) per call.
/// </summary>
public sealed class StorageCalls(string runId, ChallengeResults results, TimeSpan timeout)
{
    public string RunId => runId;

    public Task<StepResult> RunAsync(ProbeOperation operation, Door door, long? size, Func<PhaseRecorder, CancellationToken, Task<long>> action, CancellationToken cancellationToken) =>
        RunCoreAsync(operation, door, null, null, size, action, cancellationToken);

    public Task<StepResult> RunTpcAsync(Door source, Door destination, TpcMode mode, long size, Func<PhaseRecorder, CancellationToken, Task<long>> action, CancellationToken cancellationToken) =>
        RunCoreAsync(ProbeOperation.Tpc, source, destination, mode, size, action, cancellationToken);

    private async Task<StepResult> RunCoreAsync(ProbeOperation operation, Door door, Door? destination, TpcMode? mode, long? size,
        Func<PhaseRecorder, CancellationToken, Task<long>> action, CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var phases = new PhaseRecorder();
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(timeout);
        long bytes = 0;
        FailureKind? kind = null;
        string? message = null;
        try
        {
            bytes = await action(phases, budget.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            (kind, message) = (FailureKind.Timeout, $"no answer within {timeout.TotalSeconds:0.#} s");
        }
        catch (StorageException ex)
        {
            (kind, message) = (ex.Kind, ex.Message);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException or System.Net.Sockets.SocketException)
        {
            (kind, message) = (FailureKind.Connect, ex.Message);
        }
        var elapsed = clock.Elapsed;
        var status = kind is null ? ProbeStatus.Ok : kind == FailureKind.ProbeError ? ProbeStatus.Unknown : ProbeStatus.Critical;
        if (operation == ProbeOperation.Tpc && kind is not (null or FailureKind.Timeout or FailureKind.Connect or FailureKind.Tls or FailureKind.Auth or FailureKind.ProbeError))
        {
            kind = FailureKind.TpcFailed;
        }
        results.Add(new ProbeResult
        {
            Id = Guid.NewGuid().ToString("N"),
            RunId = runId,
            Kind = RunKind.Challenge,
            Operation = operation,
            Rse = destination is null ? door.Rse.Name : null,
            Site = destination is null ? door.Rse.Site : null,
            SrcRse = destination is null ? null : door.Rse.Name,
            SrcSite = destination is null ? null : door.Rse.Site,
            DstRse = destination?.Rse.Name,
            DstSite = destination?.Rse.Site,
            Protocol = door.Protocol.Scheme,
            TpcMode = mode,
            SizeBytes = size,
            StartedAt = started,
            Duration = elapsed,
            Phases = phases.Snapshot(),
            Bytes = kind is null ? bytes : null,
            ThroughputBytesPerSecond = kind is null && bytes > 0 && elapsed > TimeSpan.Zero ? bytes / elapsed.TotalSeconds : null,
            Status = status,
            FailureKind = kind,
            Message = message,
        });
        return kind is null ? StepResult.Ok(bytes) : StepResult.Fail(kind.Value.ToWire(), message);
    }
}
