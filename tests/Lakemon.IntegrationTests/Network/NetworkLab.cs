using System.Net;
using Lakemon.IntegrationTests.Support;

namespace Lakemon.IntegrationTests.Network;

/// <summary>
/// Three network namespaces for one test: A (the probing site) — R (a router) — B (the far site), joined by veths
/// with 9000-byte MTU, plus a direct A—B link that the trace test can route over instead of R. Names carry a random
/// id, so tests run in parallel and twice in a row; <see cref="DisposeAsync"/> stops every process the lab started
/// (by PID) and deletes the namespaces, which deletes their links, qdiscs and nftables rules with them. Needs root:
/// without it creation fails with ip's own message, it never silently passes.
/// </summary>
public sealed class NetworkLab : IAsyncDisposable
{
    public static readonly IPAddress AOnR = IPAddress.Parse("10.0.1.1");
    public static readonly IPAddress ROnA = IPAddress.Parse("10.0.1.2");
    public static readonly IPAddress ROnB = IPAddress.Parse("10.0.2.1");
    public static readonly IPAddress BOnR = IPAddress.Parse("10.0.2.2");
    public static readonly IPAddress AOnDirect = IPAddress.Parse("10.0.3.1");
    public static readonly IPAddress BOnDirect = IPAddress.Parse("10.0.3.2");

    /// <summary>B's service address on its loopback: reachable over the direct link or via R, as routes say.</summary>
    public static readonly IPAddress BService = IPAddress.Parse("10.9.9.9");

    private readonly List<ServerProcess> _processes = [];
    private readonly List<string> _created = [];

    private NetworkLab(string id)
    {
        A = $"lm{id}a";
        R = $"lm{id}r";
        B = $"lm{id}b";
        AToR = $"lm{id}ar";
        RToA = $"lm{id}ra";
        RToB = $"lm{id}rb";
        BToR = $"lm{id}br";
        AToB = $"lm{id}ab";
        BToA = $"lm{id}ba";
    }

    public string A { get; }

    public string R { get; }

    public string B { get; }

    /// <summary>A's side of the A—R link: where a rate limit on A's sending goes.</summary>
    public string AToR { get; }

    public string RToA { get; }

    public string RToB { get; }

    public string BToR { get; }

    public string AToB { get; }

    public string BToA { get; }

    /// <summary>Builds the lab with A reaching B (10.0.2.2 and <see cref="BService"/>) through R.</summary>
    public static async Task<NetworkLab> CreateAsync()
    {
        var lab = new NetworkLab(Convert.ToHexStringLower(Guid.NewGuid().ToByteArray())[..8]);
        try
        {
            await lab.BuildAsync();
            return lab;
        }
        catch
        {
            await lab.DisposeAsync();
            throw;
        }
    }

    private async Task BuildAsync()
    {
        foreach (var name in new[] { A, R, B })
        {
            await IpAsync("netns", "add", name);
            _created.Add(name);
            await InAsync(name, "ip", "link", "set", "lo", "up");
            // Traces send several probes per hop; the default ICMP rate limit (1/s per peer after a burst) would
            // silence a hop now and then.
            await InAsync(name, "sysctl", "-qw", "net.ipv4.icmp_ratelimit=0");
        }
        await LinkAsync(A, AToR, AOnR, R, RToA, ROnA);
        await LinkAsync(R, RToB, ROnB, B, BToR, BOnR);
        await LinkAsync(A, AToB, AOnDirect, B, BToA, BOnDirect);
        await InAsync(R, "sysctl", "-qw", "net.ipv4.ip_forward=1");
        await InAsync(B, "ip", "addr", "add", $"{BService}/32", "dev", "lo");
        await InAsync(A, "ip", "route", "add", "10.0.2.0/24", "via", ROnA.ToString());
        await InAsync(A, "ip", "route", "add", $"{BService}/32", "via", ROnA.ToString(), "src", AOnR.ToString());
        await InAsync(B, "ip", "route", "add", "10.0.1.0/24", "via", ROnB.ToString());
        await InAsync(R, "ip", "route", "add", $"{BService}/32", "via", BOnR.ToString());
    }

    private async Task LinkAsync(string left, string leftName, IPAddress leftAddress, string right, string rightName, IPAddress rightAddress)
    {
        await IpAsync("link", "add", leftName, "netns", left, "mtu", "9000", "type", "veth", "peer", "name", rightName, "netns", right, "mtu", "9000");
        await InAsync(left, "ip", "addr", "add", $"{leftAddress}/24", "dev", leftName);
        await InAsync(right, "ip", "addr", "add", $"{rightAddress}/24", "dev", rightName);
        await InAsync(left, "ip", "link", "set", leftName, "up");
        await InAsync(right, "ip", "link", "set", rightName, "up");
    }

    /// <summary>Routes A's traffic to <see cref="BService"/> over the direct A—B link (one hop) instead of via R.</summary>
    public async Task RouteDirectAsync()
    {
        await InAsync(A, "ip", "route", "replace", $"{BService}/32", "via", BOnDirect.ToString(), "src", AOnDirect.ToString());
    }

    /// <summary>Routes A's traffic to <see cref="BService"/> through R (two hops).</summary>
    public async Task RouteViaRouterAsync()
    {
        await InAsync(A, "ip", "route", "replace", $"{BService}/32", "via", ROnA.ToString(), "src", AOnR.ToString());
    }

    /// <summary>Limits what <paramref name="device"/> in <paramref name="ns"/> sends to <paramref name="bitsPerSecond"/>.</summary>
    public Task RateLimitAsync(string ns, string device, long bitsPerSecond) =>
        InAsync(ns, "tc", "qdisc", "add", "dev", device, "root", "tbf", "rate", $"{bitsPerSecond}bit", "burst", "64kb", "latency", "100ms");

    /// <summary>Drops UDP packets to <paramref name="port"/> arriving in <paramref name="ns"/> with probability
    /// <paramref name="perMille"/>/1000, by an nftables `numgen random` rule.</summary>
    public async Task DropRandomlyAsync(string ns, int port, int perMille)
    {
        var rules = $$"""
            table inet lakemon_loss {
              chain input {
                type filter hook input priority 0; policy accept;
                udp dport {{port}} numgen random mod 1000 < {{perMille}} drop
              }
            }
            """;
        var file = Path.Combine(TestDirectories.Create("nft"), "loss.nft");
        await File.WriteAllTextAsync(file, rules);
        await InAsync(ns, "nft", "-f", file);
    }

    /// <summary>Runs a command inside <paramref name="ns"/> to completion; throws with its output when it fails.</summary>
    public static async Task<string> InAsync(string ns, string file, params string[] arguments)
    {
        var result = await ProcessRunner.RunAsync("ip", ["netns", "exec", ns, file, .. arguments], TimeSpan.FromMinutes(2));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"ip netns exec {ns} {file} {string.Join(' ', arguments)}: {result}");
        }
        return result.StandardOutput;
    }

    /// <summary>Runs the lakemon CLI inside <paramref name="ns"/> and returns how it ended.</summary>
    public static Task<ProcessResult> LakemonAsync(string ns, params string[] arguments) =>
        ProcessRunner.RunAsync("ip", ["netns", "exec", ns, "dotnet", ProcessRunner.LakemonDll, .. arguments], TimeSpan.FromMinutes(3));

    /// <summary>Starts a long-running process inside <paramref name="ns"/>; the lab stops it by PID at the end.
    /// `ip netns exec` execs the command, so the PID is the command's own.</summary>
    public ServerProcess Start(string ns, string file, params string[] arguments)
    {
        var process = ServerProcess.Start("ip", ["netns", "exec", ns, file, .. arguments]);
        _processes.Add(process);
        return process;
    }

    public ServerProcess StartLakemon(string ns, params string[] arguments) =>
        Start(ns, "dotnet", [ProcessRunner.LakemonDll, .. arguments]);

    private static async Task IpAsync(params string[] arguments)
    {
        var result = await ProcessRunner.RunAsync("ip", arguments);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"ip {string.Join(' ', arguments)} failed (the network tests need root and network namespaces): {result}");
        }
    }

    /// <summary>Stops one process of the lab now (by PID), e.g. a reflector that must vanish mid-test.</summary>
    public async Task StopAsync(ServerProcess process)
    {
        ArgumentNullException.ThrowIfNull(process);
        if (_processes.Remove(process))
        {
            await process.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        var failures = new List<Exception>();
        foreach (var process in _processes)
        {
            try
            {
                await process.DisposeAsync();
            }
            catch (InvalidOperationException e)
            {
                failures.Add(e);
            }
        }
        _processes.Clear();
        // Always delete the namespaces, even when a process could not be stopped: a leftover namespace would hold
        // the host's attention long after the test.
        foreach (var name in _created)
        {
            var result = await ProcessRunner.RunAsync("ip", ["netns", "del", name]);
            if (result.ExitCode != 0)
            {
                failures.Add(new InvalidOperationException($"ip netns del {name}: {result}"));
            }
        }
        _created.Clear();
        if (failures.Count > 0)
        {
            throw new AggregateException("cleaning up the network lab", failures);
        }
    }
}
