namespace Lakemon.Probes.Network;

/// <summary>
/// Counts path changes per link: a trace whose fingerprint differs from the link's previous one is a change. The first
/// trace of a link only sets its baseline. Thread-safe, since scheduled traces of different links run in parallel.
/// </summary>
public sealed class PathChangeTracker
{
    private readonly Dictionary<(string Source, string Destination), (string Fingerprint, long Changes)> _links = [];

    /// <summary>Records a fingerprint; true when it changed the link's path.</summary>
    public bool Observe(string source, string destination, string fingerprint)
    {
        lock (_links)
        {
            var key = (source, destination);
            if (!_links.TryGetValue(key, out var known))
            {
                _links[key] = (fingerprint, 0);
                return false;
            }
            if (known.Fingerprint == fingerprint)
            {
                return false;
            }
            _links[key] = (fingerprint, known.Changes + 1);
            return true;
        }
    }

    public long Changes(string source, string destination)
    {
        lock (_links)
        {
            return _links.TryGetValue((source, destination), out var known) ? known.Changes : 0;
        }
    }
}
