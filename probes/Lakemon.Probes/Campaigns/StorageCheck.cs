using Lakemon.Probes.Configuration;
using Lakemon.Probes.Results;

namespace Lakemon.Probes.Campaigns;

/// <summary>The storage lifecycle (DESIGN.md §2) on one RSE door with one file size. The whole lifecycle always runs
/// (each step needs the one before, and the file must go); <see cref="Reported"/> are the steps whose results the
/// campaign keeps, all of them unless an --only operation filter narrowed it.</summary>
public sealed record StorageCheck(RseOptions Rse, ProtocolOptions Protocol, long SizeBytes, IReadOnlyList<ProbeOperation> Reported)
    : PlannedCheck
{
    public override IReadOnlyList<RseOptions> Rses => [Rse];

    public override int ExpectedResults => Reported.Count;

    public override string Name => $"{Rse.Name} {Protocol.Scheme} {SizeBytes}";
}
