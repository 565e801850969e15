using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Lakemon.Probes.Tls;

/// <summary>
/// On Linux every X509Chain build — SslStream's own validation of the server, custom root trust included — first loads
/// the whole system store: .NET's OpenSslCachedSystemStoreProvider reads and parses each file of /etc/ssl/certs (about
/// 50 ms on the reference host, more when it is busy) and caches the result for the process. A one-shot command would
/// wait for that inside its first TLS handshake; loading it on a thread of its own as soon as TLS is in sight overlaps it
/// with the client set-up and the TCP connect.
/// </summary>
internal static class SystemTrustStore
{
    private static int s_loading;

    /// <summary>Starts loading the store in the background; calls after the first do nothing.</summary>
    public static void WarmUp()
    {
        if (Interlocked.Exchange(ref s_loading, 1) != 0)
        {
            return;
        }
        // Its own thread, not a pool worker: on a 2-core host the pool starts with two, and the connection set-up
        // that this is meant to overlap needs them.
        _ = Task.Factory.StartNew(() =>
        {
            try
            {
                using var store = new X509Store(StoreName.Root, StoreLocation.LocalMachine);
                store.Open(OpenFlags.ReadOnly);
                foreach (var certificate in store.Certificates)
                {
                    certificate.Dispose();
                }
            }
            catch (CryptographicException)
            {
                // Only a head start: the handshake loads the store itself and reports what is wrong with it.
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }
}
