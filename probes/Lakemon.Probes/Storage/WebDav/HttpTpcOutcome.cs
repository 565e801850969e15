using Lakemon.Probes.Results;

namespace Lakemon.Probes.Storage.WebDav;

/// <summary>The final word of an HTTP-TPC response body: success, or the kind and text of the failure.</summary>
/// <param name="Failure">Null on success.</param>
/// <param name="Message">The server's final line (or why there was none), for humans.</param>
public sealed record HttpTpcOutcome(FailureKind? Failure, string Message)
{
    public bool Succeeded => Failure is null;
}
