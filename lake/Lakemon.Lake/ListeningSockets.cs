using System.Globalization;

namespace Lakemon.Lake;

/// <summary>
/// Who listens on a TCP port, read from /proc the way `ss -ltnp` does, so that "port taken" errors can name the
/// process. Listening sockets only: a TIME_WAIT left by a stopped server does not make a port unusable for XRootD,
/// which binds with SO_REUSEADDR.
/// </summary>
public static class ListeningSockets
{
    private const string ListenState = "0A";

    public sealed record Owner(int Pid, string Command);

    public static bool IsListening(int port) => ListeningInodes(port).Count > 0;

    /// <summary>The processes holding a listening socket on the port; empty when nobody (or when /proc hides them).</summary>
    public static IReadOnlyList<Owner> Owners(int port)
    {
        var inodes = ListeningInodes(port);
        if (inodes.Count == 0)
        {
            return [];
        }
        var owners = new List<Owner>();
        foreach (var procDir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(procDir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }
            try
            {
                foreach (var fd in Directory.EnumerateFileSystemEntries(Path.Combine(procDir, "fd")))
                {
                    var target = new FileInfo(fd).LinkTarget;
                    if (target is not null && target.StartsWith("socket:[", StringComparison.Ordinal)
                        && inodes.Contains(target[8..^1]))
                    {
                        owners.Add(new Owner(pid, UnixProcess.CommandLine(pid)));
                        break;
                    }
                }
            }
            catch (Exception e) when (e is UnauthorizedAccessException or IOException)
            {
                // Processes come and go while we walk /proc, and others' fds may be hidden from us.
            }
        }
        return owners;
    }

    public static string Describe(int port)
    {
        var owners = Owners(port);
        return owners.Count == 0
            ? $"port {port} is already in use (by a process this user cannot see)"
            : $"port {port} is already in use by " + string.Join(", ", owners.Select(o => $"pid {o.Pid} ({o.Command})"));
    }

    private static HashSet<string> ListeningInodes(int port)
    {
        var inodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            if (!File.Exists(table))
            {
                continue;
            }
            foreach (var line in File.ReadLines(table).Skip(1))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length < 10 || fields[3] != ListenState)
                {
                    continue;
                }
                var local = fields[1];
                var localPort = int.Parse(local[(local.LastIndexOf(':') + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                if (localPort == port)
                {
                    inodes.Add(fields[9]);
                }
            }
        }
        return inodes;
    }
}
