namespace Lakemon.Collector.Spooling;

/// <summary>The answer to one attempt to send a segment, with a redacted reason when it was not taken.</summary>
public sealed record SegmentDelivery(SegmentOutcome Outcome, string? Error)
{
    public static SegmentDelivery Acknowledged { get; } = new(SegmentOutcome.Acknowledged, null);

    public static SegmentDelivery Rejected(string error) => new(SegmentOutcome.Rejected, error);

    public static SegmentDelivery Retry(string error) => new(SegmentOutcome.Retry, error);
}
