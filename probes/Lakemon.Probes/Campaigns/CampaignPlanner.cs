using Lakemon.Probes.Configuration;
using Lakemon.Probes.Results;
using Lakemon.Probes.Storage;

namespace Lakemon.Probes.Campaigns;

/// <summary>
/// Builds a campaign plan from a configuration: a pure function, so what a campaign will do can be tested and shown
/// (`lakemon probe --plan`) without touching any storage.
/// <para>Storage checks: every enabled RSE × door with a client × size. Transfers: every ordered pair of distinct
/// enabled RSEs × TPC mode both list (with a door for it on each side) × size. The order spreads load: storage
/// checks go round-robin over RSEs, and transfers by "distance" d = 1..n-1 so that in each round every RSE is the
/// source of one link and the destination of one — a capped RSE then never stalls the whole queue.</para>
/// </summary>
public static class CampaignPlanner
{
    public static CampaignPlan Plan(LakemonOptions options, PlanFilter filter)
    {
        var notes = new List<string>();
        var rses = options.Rses.Where(r => r.Enabled).ToList();
        foreach (var rse in rses)
        {
            foreach (var door in rse.Protocols.Where(p => !StorageClientRegistry.Supports(p.Scheme)))
            {
                notes.Add($"{rse.Name} {door.Scheme}: no {door.Scheme} client in lakemon yet, not probed");
            }
        }

        var checks = new List<PlannedCheck>();
        var reported = ProbeOperations.StorageLifecycle.Where(filter.Matches).ToList();
        if (reported.Count > 0 && filter.TpcModes is null)
        {
            var perRse = rses.Where(filter.Matches)
                .Select(rse => rse.Protocols
                    .Where(p => StorageClientRegistry.Supports(p.Scheme) && filter.Matches(p))
                    .SelectMany(p => options.Probes.Sizes.Select(size => (PlannedCheck)new StorageCheck(rse, p, size, reported)))
                    .ToList())
                .ToList();
            checks.AddRange(RoundRobin(perRse));
        }

        if (filter.Matches(ProbeOperation.Tpc) && rses.Count > 1)
        {
            var n = rses.Count;
            for (var distance = 1; distance < n; distance++)
            {
                for (var i = 0; i < n; i++)
                {
                    var source = rses[i];
                    var destination = rses[(i + distance) % n];
                    if (!LinkMatches(filter, source, destination))
                    {
                        continue;
                    }
                    foreach (var mode in source.TpcModes.Where(m => destination.TpcModes.Contains(m) && filter.Matches(m)))
                    {
                        if (DoorsFor(source, destination, mode) is not var (sourceDoor, destinationDoor)
                            || !(filter.Matches(sourceDoor) || filter.Matches(destinationDoor)))
                        {
                            continue;
                        }
                        foreach (var size in options.Probes.Sizes)
                        {
                            checks.Add(new TpcCheck(source, sourceDoor, destination, destinationDoor, mode, size));
                        }
                    }
                }
            }
        }

        if (checks.Count == 0)
        {
            notes.Add("nothing to probe: no enabled RSE door matches the configuration and filters");
        }
        return new CampaignPlan(checks, notes);
    }

    private static bool LinkMatches(PlanFilter filter, RseOptions source, RseOptions destination) =>
        (filter.Rses is null || filter.Rses.Contains(source.Name) || filter.Rses.Contains(destination.Name))
        && (filter.Sites is null || filter.Sites.Contains(source.Site) || filter.Sites.Contains(destination.Site));

    /// <summary>The doors a mode uses on each side; the destination prefers the source's scheme (https↔https rather
    /// than https↔davs) so that a link's protocol label is one scheme.</summary>
    private static (ProtocolOptions Source, ProtocolOptions Destination)? DoorsFor(RseOptions source, RseOptions destination, TpcMode mode)
    {
        static IEnumerable<ProtocolOptions> Capable(RseOptions rse, TpcMode mode) => rse.Protocols
            .Where(p => StorageClientRegistry.Supports(p.Scheme) && ProtocolSchemes.TpcModesFor(p.Scheme).Contains(mode));

        var sourceDoor = Capable(source, mode).FirstOrDefault();
        if (sourceDoor is null)
        {
            return null;
        }
        var destinationDoors = Capable(destination, mode).ToList();
        var destinationDoor = destinationDoors.FirstOrDefault(p => p.Scheme == sourceDoor.Scheme) ?? destinationDoors.FirstOrDefault();
        return destinationDoor is null ? null : (sourceDoor, destinationDoor);
    }

    private static IEnumerable<PlannedCheck> RoundRobin(IReadOnlyList<List<PlannedCheck>> queues)
    {
        var longest = queues.Count == 0 ? 0 : queues.Max(q => q.Count);
        for (var round = 0; round < longest; round++)
        {
            foreach (var queue in queues)
            {
                if (round < queue.Count)
                {
                    yield return queue[round];
                }
            }
        }
    }
}
