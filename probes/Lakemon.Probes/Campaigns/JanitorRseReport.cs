namespace Lakemon.Probes.Campaigns;

/// <summary>What the janitor did on one RSE, through one door.</summary>
/// <param name="Protocol">The scheme of the door used; null when the RSE has no door lakemon has a client for (then
/// lakemon cannot have written there either, and the RSE counts as clean).</param>
/// <param name="Area">The <c>lakemon-probes</c> directory that was swept; null together with <paramref name="Protocol"/>.</param>
public sealed record JanitorRseReport(
    string Rse,
    string? Protocol,
    Uri? Area,
    int FilesRemoved,
    int DirectoriesRemoved,
    long BytesRemoved,
    IReadOnlyList<JanitorFailure> Failures)
{
    public bool Cleaned => Failures.Count == 0;
}
