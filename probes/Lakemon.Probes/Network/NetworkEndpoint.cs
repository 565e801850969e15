using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Lakemon.Probes.Network;

/// <summary>`HOST[:PORT]` as the network probes take it: a name, an IPv4 address, or a bracketed IPv6 address.</summary>
public static class NetworkEndpoint
{
    public static bool TryParse(string text, int defaultPort, out string host, out int port, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        host = text;
        port = defaultPort;
        error = null;
        string? portText = null;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                error = $"'{text}': unclosed '['";
                return false;
            }
            host = text[1..close];
            if (close + 1 < text.Length)
            {
                if (text[close + 1] != ':')
                {
                    error = $"'{text}': expected ':PORT' after ']'";
                    return false;
                }
                portText = text[(close + 2)..];
            }
        }
        else if (text.Count(c => c == ':') == 1)
        {
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            host = text[..colon];
            portText = text[(colon + 1)..];
        }
        if (host.Length == 0)
        {
            error = $"'{text}': no host";
            return false;
        }
        if (portText is not null && (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port > 65535))
        {
            error = $"'{text}': the port must be a number from 0 to 65535";
            return false;
        }
        return true;
    }

    public static async Task<IPEndPoint> ResolveAsync(string host, int port, CancellationToken cancellationToken)
    {
        if (IPAddress.TryParse(host, out var address))
        {
            return new IPEndPoint(address, port);
        }
        var addresses = await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        var chosen = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.FirstOrDefault()
            ?? throw new SocketException((int)SocketError.HostNotFound);
        return new IPEndPoint(chosen, port);
    }
}
