using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Lakemon.Probes.Network;

/// <summary>
/// The kernel's receive time of the last datagram read from a socket (ioctl SIOCGSTAMPNS, socket(7)), in UTC. A
/// thread that wakes late after a datagram arrived — on a busy host by milliseconds — would otherwise add its own
/// scheduling delay to every round trip; owamp and TWAMP implementations use kernel timestamps for the same reason.
/// The first request only switches timestamping on (it answers ENOENT), so <see cref="Enable"/> does that at start.
/// </summary>
public static partial class KernelReceiveTimestamp
{
    private const ulong SiocGStampNs = 0x8907;

    /// <summary>Switches receive timestamps on for <paramref name="socket"/>; false where the kernel refuses.</summary>
    public static bool Enable(Socket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        var stamp = default(Timespec);
        var answer = ioctl((int)socket.Handle, SiocGStampNs, ref stamp);
        // ENOENT (2): no datagram yet, timestamping is now on.
        return answer == 0 || Marshal.GetLastPInvokeError() == 2;
    }

    /// <summary>When the last datagram read from <paramref name="socket"/> arrived; null without a kernel timestamp.</summary>
    public static DateTime? Last(Socket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        var stamp = default(Timespec);
        if (ioctl((int)socket.Handle, SiocGStampNs, ref stamp) != 0 || stamp.Seconds <= 0)
        {
            return null;
        }
        return DateTime.UnixEpoch.AddTicks((stamp.Seconds * TimeSpan.TicksPerSecond) + (stamp.Nanoseconds / 100));
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

#pragma warning disable SYSLIB1054 // LibraryImport would need unsafe code in this project for one call.
    [DllImport("libc", SetLastError = true)]
    private static extern int ioctl(int fd, ulong request, ref Timespec stamp);
#pragma warning restore SYSLIB1054
}
