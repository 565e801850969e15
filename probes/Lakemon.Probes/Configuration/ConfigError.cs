namespace Lakemon.Probes.Configuration;

/// <summary>One problem in a configuration file: the file as the user named it, the 1-based line, the key path.</summary>
public sealed record ConfigError(string File, int Line, string Key, string Message)
{
    public override string ToString() => $"{File}:{Line}: {Key}: {Message}";
}
