using Lakemon.Probes.Configuration;
using Lakemon.Probes.Network;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Lakemon.Collector.Hosting;

/// <summary>
/// The servers a site offers to the other sites' network probes (`network.reflector_listen`,
/// `network.throughput_server_listen`), run by `lakemon run` and `lakemon agent` for as long as the node runs.
/// </summary>
internal sealed partial class NetworkServersService(NetworkOptions network, ILogger<NetworkServersService> logger) : IHostedService, IDisposable
{
    private TwampReflector? _reflector;
    private ThroughputServer? _throughput;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (network.ReflectorListen is { } reflector)
        {
            _reflector = TwampReflector.Start(await ListenAsync(reflector, 862, cancellationToken), network.Latency.Synchronized);
            LogListening("TWAMP-light reflector", "udp", _reflector.LocalEndPoint.ToString());
        }
        if (network.ThroughputServerListen is { } throughput)
        {
            _throughput = ThroughputServer.Start(await ListenAsync(throughput, 5301, cancellationToken));
            LogListening("throughput server", "tcp", _throughput.LocalEndPoint.ToString());
        }
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _reflector?.Dispose();
        _reflector = null;
        _throughput?.Dispose();
        _throughput = null;
    }

    private static async Task<System.Net.IPEndPoint> ListenAsync(string text, int defaultPort, CancellationToken cancellationToken)
    {
        // The binder has validated the form; only name resolution can still fail here.
        NetworkEndpoint.TryParse(text, defaultPort, out var host, out var port, out _);
        return await NetworkEndpoint.ResolveAsync(host, port, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "network {Server} serving {Transport} {EndPoint}")]
    private partial void LogListening(string server, string transport, string endPoint);
}
