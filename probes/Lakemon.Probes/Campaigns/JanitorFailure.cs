using Lakemon.Probes.Results;

namespace Lakemon.Probes.Campaigns;

/// <summary>One storage call of the janitor that failed: what it tried (<c>list</c>, <c>delete</c>, <c>setup</c>), on
/// which URL, why (the kind from the client's failure table) and the server's words (redacted).</summary>
public sealed record JanitorFailure(string Operation, Uri Url, FailureKind Kind, string Message);
