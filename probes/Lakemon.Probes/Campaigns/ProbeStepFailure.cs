using Lakemon.Probes.Results;

namespace Lakemon.Probes.Campaigns;

/// <summary>A step that got an answer, but the wrong one (size or checksum differs, a deleted file is still there).</summary>
internal sealed class ProbeStepFailure(FailureKind kind, string message, string? expected = null, string? actual = null)
    : Exception(message)
{
    public FailureKind Kind { get; } = kind;

    public string? Expected { get; } = expected;

    public string? Actual { get; } = actual;
}
