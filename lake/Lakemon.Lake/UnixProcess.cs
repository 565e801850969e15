using System.Runtime.InteropServices;
using System.Text;

namespace Lakemon.Lake;

/// <summary>The few POSIX process and file calls .NET does not offer: signals to non-children, liveness, chown.</summary>
public static partial class UnixProcess
{
    private const int SigTerm = 15;
    private const int SigKill = 9;

    public static bool IsRoot => Environment.UserName == "root" || geteuid() == 0;

    /// <summary>Alive and not a zombie: a daemonised XRootD is re-parented, and a reaper may be slow to collect it.</summary>
    public static bool IsAlive(int pid)
    {
        if (pid <= 0)
        {
            return false;
        }
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..].FirstOrDefault();
            return state is not ('Z' or 'X');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    public static string CommandLine(int pid)
    {
        try
        {
            var raw = File.ReadAllBytes($"/proc/{pid}/cmdline");
            return string.Join(' ', Encoding.UTF8.GetString(raw).Split(['\0', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "?";
        }
    }

    /// <summary>SIGTERM, wait, then SIGKILL; true when the process is gone.</summary>
    public static async Task<bool> StopAsync(int pid, TimeSpan grace, CancellationToken cancellationToken)
    {
        if (!IsAlive(pid))
        {
            return true;
        }
        _ = kill(pid, SigTerm);
        if (await WaitForExitAsync(pid, grace, cancellationToken))
        {
            return true;
        }
        _ = kill(pid, SigKill);
        return await WaitForExitAsync(pid, TimeSpan.FromSeconds(5), cancellationToken);
    }

    public static async Task<bool> WaitForExitAsync(int pid, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (IsAlive(pid))
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }
            await Task.Delay(20, cancellationToken);
        }
        return true;
    }

    /// <summary>Numeric uid/gid of a local user from /etc/passwd, or null when the user does not exist.</summary>
    public static (int Uid, int Gid)? LookupUser(string name)
    {
        foreach (var line in File.ReadLines("/etc/passwd"))
        {
            var fields = line.Split(':');
            if (fields.Length > 3 && fields[0] == name
                && int.TryParse(fields[2], out var uid) && int.TryParse(fields[3], out var gid))
            {
                return (uid, gid);
            }
        }
        return null;
    }

    public static void ChangeOwner(string path, int uid, int gid)
    {
        if (lchown(path, uid, gid) != 0)
        {
            throw new IOException($"chown {path}: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int sig);

    [LibraryImport("libc", SetLastError = true)]
    private static partial uint geteuid();

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int lchown(string path, int owner, int group);
}
