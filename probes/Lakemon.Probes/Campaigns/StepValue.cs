namespace Lakemon.Probes.Campaigns;

/// <summary>What a successful step reports: bytes moved (for throughput), a human note, and the checksums compared.</summary>
internal sealed record StepValue(long? Bytes = null, string? Message = null, string? Expected = null, string? Actual = null);
