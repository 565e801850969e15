namespace Lakemon.Probes.Results;

/// <summary>Why a campaign ran, carried by every result so nightly tests and data-challenge rehearsals stay apart
/// (DESIGN.md §1). <see cref="RunKinds"/> gives the wire names.</summary>
public enum RunKind
{
    Scheduled,
    Nightly,
    Challenge,
    Adhoc,
}
