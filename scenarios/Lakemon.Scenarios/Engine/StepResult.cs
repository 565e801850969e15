namespace Lakemon.Scenarios.Engine;

/// <summary>What one step call did: ok or failed (with a failure kind from DESIGN.md §2 and a redacted message), and the
/// bytes it moved.</summary>
public readonly record struct StepResult(bool IsOk, long Bytes, string? FailureKind, string? Message)
{
    public static StepResult Ok(long bytes = 0) => new(true, bytes, null, null);

    public static StepResult Fail(string failureKind, string? message = null, long bytes = 0) => new(false, bytes, failureKind, message);
}
