using System.Runtime.InteropServices;

namespace Lakemon.IntegrationTests.Network;

/// <summary>
/// Runs code on a fresh OS thread that has joined a named network namespace (setns(2) on /run/netns/NAME). A socket
/// belongs to the namespace it was created in for its whole life, so sockets made here can then be used from any
/// thread: this is how the delay line sits inside the router namespace while living in the test process.
/// </summary>
internal static partial class NetworkNamespaceThread
{
    private const int CloneNewNet = 0x40000000;

    public static T Run<T>(string namespaceName, Func<T> create)
    {
        T? result = default;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                using var handle = File.OpenHandle($"/run/netns/{namespaceName}");
                if (setns((int)handle.DangerousGetHandle(), CloneNewNet) != 0)
                {
                    throw new IOException($"setns({namespaceName}) failed: errno {Marshal.GetLastPInvokeError()}");
                }
                result = create();
            }
#pragma warning disable CA1031 // rethrown on the calling thread
            catch (Exception e)
#pragma warning restore CA1031
            {
                failure = e;
            }
        });
        thread.Start();
        thread.Join();
        if (failure is not null)
        {
            throw new InvalidOperationException($"in network namespace {namespaceName}: {failure.Message}", failure);
        }
        return result!;
    }

    [DllImport("libc", SetLastError = true)]
#pragma warning disable SYSLIB1054 // LibraryImport would need unsafe code in this test project for one call.
    private static extern int setns(int fd, int nstype);
#pragma warning restore SYSLIB1054
}
