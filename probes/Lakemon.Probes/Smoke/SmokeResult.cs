namespace Lakemon.Probes.Smoke;

public enum SmokeStatus
{
    Ok,
    Failed,
    Skipped,
}

/// <summary>One step of the smoke round on one RSE door.</summary>
public sealed record SmokeResult(string Rse, string Protocol, string Operation, SmokeStatus Status, TimeSpan Duration, string Message);
