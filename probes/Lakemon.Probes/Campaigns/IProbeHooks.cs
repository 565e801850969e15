using Lakemon.Probes.Results;

namespace Lakemon.Probes.Campaigns;

/// <summary>Lets an embedding program act between the steps of a check — the fault-injection tests corrupt a replica
/// on disk after its upload. Not for production logic: a hook that throws fails the check as a probe error.</summary>
public interface IProbeHooks
{
    ValueTask AfterStepAsync(PlannedCheck check, ProbeOperation operation, Uri file, CancellationToken cancellationToken);
}
