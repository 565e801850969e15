using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Lakemon.Probes.Configuration;
using Lakemon.Probes.Network;
using Lakemon.Probes.Results;

namespace Lakemon.Cli.Commands;

/// <summary>
/// `lakemon net`: the network probes by hand (DESIGN.md §8) and their servers. `net probe` exits 0 when the link is
/// OK, 1 when it is WARNING, CRITICAL or UNKNOWN (stderr says why), 2 for bad usage; `--json` prints one object whose
/// keys carry their units.
/// </summary>
internal static class NetCommand
{
    /// <summary>The TWAMP port RFC 8545 assigns to TWAMP-light test sessions as well as to TWAMP-Control.</summary>
    public const int DefaultTwampPort = 862;

    public const int DefaultThroughputPort = 5301;

    public static Command Build()
    {
        var net = new Command("net", "Network probes between sites: TWAMP-light latency/loss/jitter, TCP throughput, traceroute.");
        net.Subcommands.Add(BuildReflector());
        net.Subcommands.Add(BuildThroughputServer());
        net.Subcommands.Add(BuildProbe());
        return net;
    }

    private static Command BuildReflector()
    {
        var listen = new Option<string>("--listen") { Description = "ADDR:PORT to answer on (port 0 picks one; default 0.0.0.0:862).", DefaultValueFactory = _ => $"0.0.0.0:{DefaultTwampPort}" };
        var synchronized = new Option<bool>("--synchronized") { Description = "Declare this host's clock synchronised to UTC (NTP/PTP), so senders may report one-way delays." };
        var reflector = new Command("reflector", "A TWAMP-light reflector (RFC 5357 Appendix I) that answers latency probes until stopped.") { listen, synchronized };
        reflector.SetAction(async (parse, ct) =>
        {
            if (await ListenEndPointAsync(parse.GetValue(listen)!, DefaultTwampPort, "reflector", ct) is not { } endpoint)
            {
                return ExitCodes.BadUsage;
            }
            using var running = TwampReflector.Start(endpoint, parse.GetValue(synchronized));
            await Console.Error.WriteLineAsync($"lakemon net reflector: listening on udp {running.LocalEndPoint}");
            await WaitForStopAsync(ct);
            await Console.Error.WriteLineAsync($"lakemon net reflector: stopped after {running.Reflected} reflected, {running.Dropped} dropped packets");
            return ExitCodes.Ok;
        });
        return reflector;
    }

    private static Command BuildThroughputServer()
    {
        var listen = new Option<string>("--listen") { Description = $"ADDR:PORT to accept tests on (port 0 picks one; default 0.0.0.0:{DefaultThroughputPort}).", DefaultValueFactory = _ => $"0.0.0.0:{DefaultThroughputPort}" };
        var server = new Command("throughput-server", "A memory-to-memory TCP throughput server for `net probe --kind throughput`.") { listen };
        server.SetAction(async (parse, ct) =>
        {
            if (await ListenEndPointAsync(parse.GetValue(listen)!, DefaultThroughputPort, "throughput-server", ct) is not { } endpoint)
            {
                return ExitCodes.BadUsage;
            }
            using var running = ThroughputServer.Start(endpoint);
            await Console.Error.WriteLineAsync($"lakemon net throughput-server: listening on tcp {running.LocalEndPoint}");
            await WaitForStopAsync(ct);
            return ExitCodes.Ok;
        });
        return server;
    }

    private static Command BuildProbe()
    {
        var target = new Option<string>("--target") { Description = "HOST[:PORT] of the reflector (latency), throughput server (throughput) or host (trace).", Required = true };
        var kind = new Option<string>("--kind") { Description = "latency, throughput or trace.", DefaultValueFactory = _ => "latency" };
        kind.AcceptOnlyFromAmong("latency", "throughput", "trace");
        var count = new Option<int>("--count") { Description = "Latency: number of test packets.", DefaultValueFactory = _ => 100 };
        var interval = new Option<string>("--interval") { Description = "Latency: time between packets (e.g. 10ms, or 500us below a millisecond).", DefaultValueFactory = _ => "10ms" };
        var wait = new Option<string>("--wait") { Description = "Latency: how long to wait for late answers after the last packet.", DefaultValueFactory = _ => "2s" };
        var size = new Option<int>("--size") { Description = $"Latency: UDP payload bytes per packet (at least {TwampTestPacket.MinimumSize}).", DefaultValueFactory = _ => TwampTestPacket.MinimumSize };
        var synchronized = new Option<bool>("--synchronized") { Description = "Latency: this host's clock is synchronised; report one-way delays when the reflector says the same." };
        var icmp = new Option<bool>("--icmp") { Description = "Latency: ICMP echo instead of TWAMP-light, for hosts without a reflector (root)." };
        var lossWarning = new Option<double>("--loss-warning") { Description = "Loss ratio at which the link is WARNING.", DefaultValueFactory = _ => 0.001 };
        var lossCritical = new Option<double>("--loss-critical") { Description = "Loss ratio at which the link is CRITICAL.", DefaultValueFactory = _ => 0.01 };
        var duration = new Option<string>("--duration") { Description = "Throughput: how long to send.", DefaultValueFactory = _ => "10s" };
        var streams = new Option<int>("--streams") { Description = "Throughput: parallel TCP streams.", DefaultValueFactory = _ => 1 };
        var engine = new Option<string>("--engine") { Description = "Throughput: lakemon (against `lakemon net throughput-server`) or iperf3 (against an iperf3 server, default port 5201).", DefaultValueFactory = _ => "lakemon" };
        engine.AcceptOnlyFromAmong("lakemon", "iperf3");
        var maxHops = new Option<int>("--max-hops") { Description = "Trace: largest TTL to try.", DefaultValueFactory = _ => 30 };
        var json = new Option<bool>("--json") { Description = "One JSON object on stdout." };
        var probe = new Command("probe", "Measure one link now.")
        {
            target, kind, count, interval, wait, size, synchronized, icmp, lossWarning, lossCritical, duration, streams, engine, maxHops, json,
        };
        probe.SetAction(async (parse, ct) =>
        {
            var thresholds = new NetworkThresholds { LossWarning = parse.GetValue(lossWarning), LossCritical = parse.GetValue(lossCritical) };
            var selected = parse.GetValue(kind)!;
            var iperf3 = parse.GetValue(engine) == "iperf3";
            var defaultPort = selected == "throughput" ? (iperf3 ? 5201 : DefaultThroughputPort) : selected == "trace" ? 33434 : DefaultTwampPort;
            if (!NetworkEndpoint.TryParse(parse.GetValue(target)!, defaultPort, out var host, out var port, out var error))
            {
                return await UsageAsync($"--target: {error}");
            }
            IPEndPoint endpoint;
            try
            {
                endpoint = await NetworkEndpoint.ResolveAsync(host, port, ct);
            }
            catch (SocketException e)
            {
                return await ReportAsync(parse.GetValue(json), new JsonObject { ["kind"] = selected, ["target"] = parse.GetValue(target) },
                    ProbeStatus.Unknown, FailureKind.Connect, $"cannot resolve {host}: {e.Message}");
            }
            switch (selected)
            {
                case "latency":
                    if (!TryParseInterval(parse.GetValue(interval)!, out var every, out error)
                        || !DurationParser.TryParse(parse.GetValue(wait)!, out var late, out error))
                    {
                        return await UsageAsync(error);
                    }
                    if (parse.GetValue(count) < 1 || parse.GetValue(size) < TwampTestPacket.MinimumSize || parse.GetValue(size) > 9000)
                    {
                        return await UsageAsync($"--count must be at least 1 and --size from {TwampTestPacket.MinimumSize} to 9000");
                    }
                    var options = new LatencyProbeOptions
                    {
                        Count = parse.GetValue(count), Interval = every, Wait = late, PacketSize = parse.GetValue(size),
                        Synchronized = parse.GetValue(synchronized),
                    };
                    var useIcmp = parse.GetValue(icmp);
                    var measurement = useIcmp
                        ? await IcmpEchoSender.MeasureAsync(endpoint.Address, options with { PacketSize = Math.Max(8, options.PacketSize) }, ct)
                        : await TwampSender.MeasureAsync(endpoint, options, ct);
                    var verdict = LatencyVerdict.Of(measurement, thresholds);
                    var output = NetworkJson.Latency(measurement);
                    output["target"] = useIcmp ? endpoint.Address.ToString() : endpoint.ToString();
                    output["protocol"] = useIcmp ? "icmp" : "twamp";
                    return await ReportAsync(parse.GetValue(json), output, verdict.Status, verdict.FailureKind, verdict.Message);
                case "throughput":
                    if (!DurationParser.TryParse(parse.GetValue(duration)!, out var span, out error))
                    {
                        return await UsageAsync(error);
                    }
                    if (parse.GetValue(streams) is < 1 or > 128)
                    {
                        return await UsageAsync("--streams must be from 1 to 128");
                    }
                    var throughput = iperf3
                        ? await Iperf3Client.MeasureAsync(endpoint, span, parse.GetValue(streams), ct)
                        : await ThroughputClient.MeasureAsync(endpoint, span, parse.GetValue(streams), ct);
                    var result = NetworkJson.Throughput(throughput);
                    result["engine"] = iperf3 ? "iperf3" : "lakemon";
                    result["target"] = endpoint.ToString();
                    return await ReportAsync(parse.GetValue(json), result, throughput.Status, throughput.FailureKind, throughput.Message);
                default:
                    if (parse.GetValue(maxHops) is < 1 or > 64)
                    {
                        return await UsageAsync("--max-hops must be from 1 to 64");
                    }
                    var trace = await Traceroute.RunAsync(endpoint.Address, new TraceOptions { MaxHops = parse.GetValue(maxHops) }, ct);
                    var traced = NetworkJson.Trace(trace);
                    traced["target"] = endpoint.Address.ToString();
                    return await ReportAsync(parse.GetValue(json), traced,
                        trace.Reached ? ProbeStatus.Ok : ProbeStatus.Warning, null,
                        trace.Reached ? $"{trace.Hops.Count} hops, fingerprint {trace.Fingerprint}" : $"target not reached within {trace.Hops.Count} hops");
            }
        });
        return probe;
    }

    private static async Task<int> ReportAsync(bool json, JsonObject output, ProbeStatus status, FailureKind? failure, string message)
    {
        output["status"] = ProbeStatuses.ToWire(status);
        if (failure is { } kind)
        {
            output["failure_kind"] = kind.ToWire();
        }
        output["message"] = message;
        if (json)
        {
            await Console.Out.WriteLineAsync(output.ToJsonString());
        }
        else
        {
            foreach (var line in HumanLines(output, ""))
            {
                await Console.Out.WriteLineAsync(line);
            }
        }
        await Console.Error.WriteLineAsync($"lakemon net probe: {ProbeStatuses.ToWire(status)}{(failure is { } f ? $" ({f.ToWire()})" : "")}: {message}");
        return status == ProbeStatus.Ok ? ExitCodes.Ok : ExitCodes.Unhealthy;
    }

    // Loss tests want thousands of packets a second, finer than the millisecond of the config's duration syntax.
    private static bool TryParseInterval(string text, out TimeSpan interval, out string? error)
    {
        if (text.EndsWith("us", StringComparison.Ordinal)
            && int.TryParse(text[..^2], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var micro))
        {
            interval = TimeSpan.FromMicroseconds(micro);
            error = null;
            return true;
        }
        return DurationParser.TryParse(text, out interval, out error);
    }

    /// <summary>The figures as "key: value" lines, nested keys joined with '.', numbers as the JSON writes them.</summary>
    private static IEnumerable<string> HumanLines(JsonNode? node, string prefix) => node switch
    {
        JsonObject map => map.SelectMany(p => HumanLines(p.Value, prefix.Length == 0 ? p.Key : $"{prefix}.{p.Key}")),
        JsonArray list => list.SelectMany((item, i) => HumanLines(item, $"{prefix}[{i}]")),
        null => [$"{prefix}: -"],
        _ => [$"{prefix}: {node.ToJsonString().Trim('"')}"],
    };

    private static async Task<int> UsageAsync(string? message)
    {
        await Console.Error.WriteLineAsync($"lakemon net probe: {message}");
        return ExitCodes.BadUsage;
    }

    private static async Task<IPEndPoint?> ListenEndPointAsync(string text, int defaultPort, string name, CancellationToken cancellationToken)
    {
        if (!NetworkEndpoint.TryParse(text, defaultPort, out var host, out var port, out var error))
        {
            await Console.Error.WriteLineAsync($"lakemon net {name}: --listen: {error}");
            return null;
        }
        try
        {
            return await NetworkEndpoint.ResolveAsync(host, port, cancellationToken);
        }
        catch (SocketException e)
        {
            await Console.Error.WriteLineAsync($"lakemon net {name}: --listen: cannot resolve {host}: {e.Message}");
            return null;
        }
    }

    // System.CommandLine cancels the action's token on SIGINT and SIGTERM.
    private static async Task WaitForStopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
