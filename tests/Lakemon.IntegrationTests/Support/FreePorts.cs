using System.Net;
using System.Net.Sockets;

namespace Lakemon.IntegrationTests.Support;

/// <summary>A loopback port nobody listens on right now, for servers that must be told their port before they start
/// (a collector an agent points at, a dead endpoint). Port 0 is preferred wherever the server can report its port.</summary>
public static class FreePorts
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
