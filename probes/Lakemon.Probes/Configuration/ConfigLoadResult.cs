namespace Lakemon.Probes.Configuration;

/// <summary>The outcome of loading a configuration: options when valid, otherwise every problem found, sorted by line.</summary>
public sealed record ConfigLoadResult(LakemonOptions? Options, IReadOnlyList<ConfigError> Errors)
{
    public bool IsValid => Errors.Count == 0;
}
