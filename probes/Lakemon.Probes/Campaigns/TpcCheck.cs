using Lakemon.Probes.Configuration;

namespace Lakemon.Probes.Campaigns;

/// <summary>One third-party copy of a file of <see cref="SizeBytes"/> from one RSE to another in one mode, through the
/// doors the mode needs on each side (root for root, a WebDAV door for http-pull/push). One result.</summary>
public sealed record TpcCheck(
    RseOptions Source,
    ProtocolOptions SourceProtocol,
    RseOptions Destination,
    ProtocolOptions DestinationProtocol,
    TpcMode Mode,
    long SizeBytes) : PlannedCheck
{
    public override IReadOnlyList<RseOptions> Rses =>
        string.CompareOrdinal(Source.Name, Destination.Name) < 0 ? [Source, Destination] : [Destination, Source];

    public override int ExpectedResults => 1;

    public override string Name => $"{Source.Name}→{Destination.Name} {TpcModeNames.ToWire(Mode)} {SizeBytes}";
}
