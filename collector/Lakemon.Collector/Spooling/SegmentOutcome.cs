namespace Lakemon.Collector.Spooling;

/// <summary>What the receiver made of one segment.</summary>
public enum SegmentOutcome
{
    /// <summary>Taken (a 2xx): the segment is deleted.</summary>
    Acknowledged,

    /// <summary>Refused for good (a 400: malformed): the segment is moved aside, since resending cannot help.</summary>
    Rejected,

    /// <summary>Not taken this time (no answer, 401, 5xx...): the segment stays and is resent after a backoff.</summary>
    Retry,
}
