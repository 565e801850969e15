namespace Lakemon.Probes.Configuration;

/// <summary>A third-party-copy mode (YAML: root, http-pull, http-push).</summary>
public enum TpcMode
{
    Root,
    HttpPull,
    HttpPush,
}
