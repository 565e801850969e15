using System.Runtime.InteropServices;

namespace Lakemon.IntegrationTests.Network;

/// <summary>
/// Puts the calling thread under SCHED_FIFO (sched(7)), so that the delay line's dispatcher — the ground truth of the
/// RTT tests — releases datagrams on time while compilers and other tests keep the CPUs busy. The kernel's RT
/// throttling (sched_rt_runtime_us) keeps a spinning RT thread from starving the host.
/// </summary>
internal static class RealtimeThread
{
    private const int SchedFifo = 1;

    public static bool TryEnter(int priority = 50)
    {
        var parameter = new SchedParam { Priority = priority };
        // pid 0: the calling thread (Linux schedules threads, not processes).
        return sched_setscheduler(0, SchedFifo, ref parameter) == 0;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct SchedParam
    {
        public int Priority;
    }

#pragma warning disable SYSLIB1054 // LibraryImport would need unsafe code in this test project for one call.
    [DllImport("libc", SetLastError = true)]
    private static extern int sched_setscheduler(int pid, int policy, ref SchedParam parameter);
#pragma warning restore SYSLIB1054
}
