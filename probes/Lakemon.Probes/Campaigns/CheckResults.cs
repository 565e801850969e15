using Lakemon.Probes.Results;
using Lakemon.Probes.Storage;

namespace Lakemon.Probes.Campaigns;

/// <summary>Turns step outcomes into the result records of DESIGN.md §2, filling the target fields from the check.</summary>
internal static class CheckResults
{
    public static ProbeResult Storage(ProbeContext context, StorageCheck check, ProbeOperation operation, StepOutcome outcome, PhaseRecorder phases) =>
        Base(context, operation, check.Protocol.Scheme, check.SizeBytes, outcome, phases) with
        {
            Rse = check.Rse.Name,
            Site = check.Rse.Site,
        };

    /// <summary>A step that could not run because an earlier one failed: UNKNOWN, never CRITICAL (DESIGN.md §2).</summary>
    public static ProbeResult Prerequisite(ProbeContext context, StorageCheck check, ProbeOperation operation, ProbeOperation failed) =>
        Storage(context, check, operation,
            new StepOutcome(context.Time.GetUtcNow(), TimeSpan.Zero, ProbeStatus.Unknown, FailureKind.PrerequisiteFailed,
                $"not run: {failed.ToWire()} failed", null),
            new PhaseRecorder());

    public static ProbeResult Transfer(ProbeContext context, TpcCheck check, StepOutcome outcome, PhaseRecorder phases) =>
        Base(context, ProbeOperation.Tpc, check.SourceProtocol.Scheme, check.SizeBytes, outcome, phases) with
        {
            SrcRse = check.Source.Name,
            DstRse = check.Destination.Name,
            SrcSite = check.Source.Site,
            DstSite = check.Destination.Site,
            TpcMode = check.Mode,
        };

    /// <summary>The record for a check whose probe itself crashed: lakemon could not tell, so UNKNOWN.</summary>
    public static ProbeResult Crashed(ProbeContext context, PlannedCheck check, DateTimeOffset startedAt, Exception error)
    {
        var outcome = new StepOutcome(startedAt, context.Time.GetUtcNow() - startedAt, ProbeStatus.Unknown, FailureKind.ProbeError,
            $"probe crashed: {error.GetType().Name}: {error.Message}", null);
        return check switch
        {
            StorageCheck storage => Storage(context, storage, storage.Reported[0], outcome, new PhaseRecorder()),
            TpcCheck transfer => Transfer(context, transfer, outcome, new PhaseRecorder()),
            _ => throw new ArgumentException($"unknown check type {check.GetType().Name}", nameof(check)),
        };
    }

    private static ProbeResult Base(ProbeContext context, ProbeOperation operation, string protocol, long size, StepOutcome outcome, PhaseRecorder phases)
    {
        var phaseList = phases.Snapshot();
        var bytes = outcome.Value?.Bytes;
        return new ProbeResult
        {
            Id = Guid.CreateVersion7().ToString("N"),
            RunId = context.RunId,
            Kind = context.Kind,
            Operation = operation,
            Protocol = protocol,
            SizeBytes = size,
            StartedAt = outcome.StartedAt,
            Duration = outcome.Duration,
            Phases = phaseList,
            Bytes = bytes,
            ThroughputBytesPerSecond = bytes is { } moved ? Throughput(moved, phases[PhaseNames.Transfer] ?? phases[PhaseNames.TpcWait] ?? outcome.Duration) : null,
            Status = outcome.Status,
            FailureKind = outcome.Kind,
            Message = outcome.Message,
            ChecksumExpected = outcome.Expected,
            ChecksumActual = outcome.Actual,
        };
    }

    private static double? Throughput(long bytes, TimeSpan elapsed) =>
        elapsed > TimeSpan.Zero ? bytes / elapsed.TotalSeconds : null;
}
