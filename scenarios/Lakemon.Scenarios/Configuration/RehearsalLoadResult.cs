using Lakemon.Probes.Configuration;

namespace Lakemon.Scenarios.Configuration;

/// <summary>The rehearsal and the lakemon configuration it names when both are valid; otherwise every problem.</summary>
public sealed record RehearsalLoadResult(RehearsalOptions? Options, LakemonOptions? Lake, IReadOnlyList<ConfigError> Errors)
{
    public bool IsValid => Errors.Count == 0;

    /// <summary>Valid but for naming no lakemon configuration (no `config:` key, none passed in).</summary>
    public bool NeedsLakemonConfig { get; init; }
}
