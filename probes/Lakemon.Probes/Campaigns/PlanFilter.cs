using Lakemon.Probes.Configuration;
using Lakemon.Probes.Results;

namespace Lakemon.Probes.Campaigns;

/// <summary>
/// The `--only KEY=VALUE[,VALUE...]` selection of a campaign. Values of one key are alternatives; different keys must
/// all match. A transfer matches an rse or site filter when either end does, and a protocol filter when either door
/// does. Null means "no filter on this key".
/// </summary>
public sealed record PlanFilter(
    IReadOnlySet<string>? Rses = null,
    IReadOnlySet<string>? Sites = null,
    IReadOnlySet<string>? Protocols = null,
    IReadOnlySet<ProbeOperation>? Operations = null,
    IReadOnlySet<TpcMode>? TpcModes = null)
{
    public static PlanFilter All { get; } = new();

    public static IReadOnlyList<string> Keys { get; } = ["rse", "site", "protocol", "operation", "tpc_mode"];

    /// <summary>Parses the --only arguments; every problem is reported, none is guessed around.</summary>
    public static PlanFilter Parse(IEnumerable<string> terms, out IReadOnlyList<string> errors)
    {
        var found = new List<string>();
        var values = Keys.ToDictionary(k => k, _ => (HashSet<string>?)null, StringComparer.Ordinal);
        var operations = new HashSet<ProbeOperation>();
        var modes = new HashSet<TpcMode>();
        foreach (var term in terms)
        {
            var equals = term.IndexOf('=', StringComparison.Ordinal);
            var key = equals < 0 ? term : term[..equals];
            if (equals < 0 || !values.ContainsKey(key))
            {
                found.Add($"--only {term}: expected KEY=VALUE[,VALUE...] with KEY one of {string.Join(", ", Keys)}");
                continue;
            }
            var items = term[(equals + 1)..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (items.Length == 0)
            {
                found.Add($"--only {term}: no value given");
                continue;
            }
            var set = values[key] ??= new HashSet<string>(StringComparer.Ordinal);
            foreach (var item in items)
            {
                if (key == "operation")
                {
                    if (!ProbeOperations.TryParse(item, out var operation) || operation == ProbeOperation.List)
                    {
                        found.Add($"--only {term}: unknown operation '{item}' (campaign operations: {string.Join(", ", CampaignOperations)})");
                        continue;
                    }
                    operations.Add(operation);
                }
                else if (key == "tpc_mode")
                {
                    if (!TpcModeNames.ByName.TryGetValue(item, out var mode))
                    {
                        found.Add($"--only {term}: unknown tpc mode '{item}' (known: {string.Join(", ", TpcModeNames.ByName.Keys)})");
                        continue;
                    }
                    modes.Add(mode);
                }
                else if (key == "protocol" && !ProtocolSchemes.IsSupported(item))
                {
                    found.Add($"--only {term}: unknown protocol '{item}' (known: {string.Join(", ", ProtocolSchemes.All)})");
                    continue;
                }
                set.Add(item);
            }
        }
        errors = found;
        return new PlanFilter(
            values["rse"],
            values["site"],
            values["protocol"],
            values["operation"] is null ? null : operations,
            values["tpc_mode"] is null ? null : modes);
    }

    /// <summary>Names an --only value that matches nothing in the configuration (most likely a typo).</summary>
    public IReadOnlyList<string> Validate(LakemonOptions options)
    {
        var errors = new List<string>();
        foreach (var rse in Rses ?? Enumerable.Empty<string>())
        {
            if (!options.Rses.Any(r => r.Name == rse))
            {
                errors.Add($"--only rse={rse}: no such RSE in the configuration (known: {string.Join(", ", options.Rses.Select(r => r.Name))})");
            }
        }
        foreach (var site in Sites ?? Enumerable.Empty<string>())
        {
            if (!options.Sites.Any(s => s.Name == site))
            {
                errors.Add($"--only site={site}: no such site in the configuration (known: {string.Join(", ", options.Sites.Select(s => s.Name))})");
            }
        }
        return errors;
    }

    private static IEnumerable<string> CampaignOperations =>
        ProbeOperations.StorageLifecycle.Append(ProbeOperation.Tpc).Select(o => o.ToWire());

    internal bool Matches(RseOptions rse) =>
        (Rses is null || Rses.Contains(rse.Name)) && (Sites is null || Sites.Contains(rse.Site));

    internal bool Matches(ProtocolOptions protocol) => Protocols is null || Protocols.Contains(protocol.Scheme);

    internal bool Matches(ProbeOperation operation) => Operations is null || Operations.Contains(operation);

    internal bool Matches(TpcMode mode) => TpcModes is null || TpcModes.Contains(mode);
}
