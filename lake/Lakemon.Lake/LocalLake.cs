using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Lakemon.Lake;

/// <summary>
/// The local data lake: N XRootD servers from Debian's packages on loopback, one RSE each, with a private CA.
/// Everything lives under one directory (state, certificates, configs, data, logs) so that several lakes can run
/// side by side (tests do) and `down` stops exactly the PIDs recorded by `up`.
/// </summary>
public sealed class LocalLake
{
    /// <summary>Default ports sit in a private block, far from XRootD's 1094 and from the ephemeral range.</summary>
    public const int DefaultBasePort = 21094;
    public const int DefaultRseCount = 3;
    public const int MaxRseCount = 26;
    public const string PathPrefix = "/lake";
    private const string ServiceUser = "xrootd";
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan WedgedAfter = TimeSpan.FromSeconds(10);

    private readonly TimeProvider _time;
    private readonly TextWriter _log;

    public LocalLake(string directory, TextWriter log, TimeProvider? time = null)
    {
        Directory = Path.GetFullPath(directory);
        _log = log;
        _time = time ?? TimeProvider.System;
    }

    public string Directory { get; }
    public string StatePath => Path.Combine(Directory, "lake.json");
    /// <summary>A ready-to-use lakemon configuration describing this lake, rewritten by every `up`.</summary>
    public string ConfigPath => Path.Combine(Directory, "lakemon.yaml");
    public LakeCertificateAuthority Tls => LakeCertificateAuthority.At(Path.Combine(Directory, "tls"));

    /// <summary>DIR from LAKEMON_LAKE_DIR, else /var/lib/lakemon/lake for root (the xrootd user must reach it), else
    /// the XDG state directory.</summary>
    public static string DefaultDirectory()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("LAKEMON_LAKE_DIR");
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return fromEnvironment;
        }
        if (UnixProcess.IsRoot)
        {
            return "/var/lib/lakemon/lake";
        }
        var state = Environment.GetEnvironmentVariable("XDG_STATE_HOME");
        if (string.IsNullOrEmpty(state))
        {
            state = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state");
        }
        return Path.Combine(state, "lakemon", "lake");
    }

    public static string RseName(int index) => "LAKE-" + (char)('A' + index);

    public static string SiteName(int index) => "LOCAL-" + (index + 1).ToString(CultureInfo.InvariantCulture);

    /// <summary>Starts what is not running. <paramref name="rseCount"/> and <paramref name="basePort"/> (0 = any free
    /// ports) default to what the lake already has, else to 3 and <see cref="DefaultBasePort"/>.</summary>
    public async Task<IReadOnlyList<LakeRseStatus>> UpAsync(int? rseCount, int? basePort, CancellationToken cancellationToken)
    {
        if (rseCount is < 1 or > MaxRseCount)
        {
            throw new LakeException($"--rses must be between 1 and {MaxRseCount}, got {rseCount}", isUsageError: true);
        }
        if (basePort is < 0 or > 65535)
        {
            throw new LakeException($"--base-port must be between 0 and 65535, got {basePort}", isUsageError: true);
        }
        System.IO.Directory.CreateDirectory(Directory);
        using var exclusive = await LockAsync(cancellationToken);
        CheckReachableByServiceUser();

        var previous = LakeState.Load(StatePath);
        var running = previous?.Rses.Where(IsOurs).ToList() ?? [];
        var state = Plan(previous, running, rseCount, basePort);

        foreach (var died in state.Rses.Where(r => r.Pid is not null && !running.Any(alive => alive.Name == r.Name)))
        {
            _log.WriteLine($"lake: {died.Name} (pid {died.Pid}) exited without `lake down` (crashed or killed); restarting it. Its log: {LogPath(died)}");
        }

        var certificatesChanged = Tls.Ensure(_time);
        if (certificatesChanged && running.Count > 0)
        {
            _log.WriteLine("lake: certificates renewed, restarting the running servers");
            await StopAsync(running, cancellationToken);
            running.Clear();
        }
        var wedged = await FindWedgedAsync(running, cancellationToken);
        if (wedged.Count > 0)
        {
            foreach (var rse in wedged)
            {
                _log.WriteLine($"lake: {rse.Name} (pid {rse.Pid}) runs but has not answered https for {WedgedAfter.TotalSeconds} s; restarting it. Its log: {LogPath(rse)}");
            }
            await StopAsync(wedged, cancellationToken);
            running.RemoveAll(wedged.Contains);
        }
        var toStart = state.Rses.Where(r => !running.Any(alive => alive.Name == r.Name)).ToList();
        foreach (var rse in toStart)
        {
            if (ListeningSockets.IsListening(rse.Port))
            {
                throw new LakeException($"cannot start {rse.Name}: {ListeningSockets.Describe(rse.Port)}", isUsageError: true);
            }
        }

        for (var attempt = 1; ; attempt++)
        {
            var started = new List<LakeRseState>();
            try
            {
                foreach (var rse in toStart)
                {
                    started.Add(await StartAsync(rse, cancellationToken));
                }
                var rses = state.Rses.Select(r => started.FirstOrDefault(s => s.Name == r.Name) ?? running.First(a => a.Name == r.Name)).ToList();
                state = state with { Rses = rses };
                await WaitUntilHealthyAsync(started, cancellationToken);
                break;
            }
            catch (LakeException e) when (basePort == 0 && running.Count == 0 && attempt < 3
                && e.Message.Contains("address already in use", StringComparison.Ordinal))
            {
                // Another process bound a chosen port before xrootd did: choose again.
                await StopAsync(started, CancellationToken.None);
                _log.WriteLine($"lake: a chosen port was taken before xrootd bound it; choosing other ports (attempt {attempt + 1})");
                state = Plan(null, [], rseCount ?? state.Rses.Count, 0);
                toStart = [.. state.Rses];
            }
            catch
            {
                await StopAsync(started, CancellationToken.None);
                throw;
            }
        }

        state.Save(StatePath);
        File.WriteAllText(ConfigPath, LakeConfigFile.Render(state, Directory));
        if (toStart.Count == 0)
        {
            _log.WriteLine($"lake: already up in {Directory} ({state.Rses.Count} RSEs)");
        }
        return await StatusAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<LakeRseStatus>> StatusAsync(CancellationToken cancellationToken)
    {
        var state = LakeState.Load(StatePath);
        if (state is null)
        {
            return [];
        }
        var tls = Tls;
        using var health = File.Exists(tls.CaCertificatePath) ? new LakeHealthCheck(tls.CaCertificatePath) : null;
        var statuses = new List<LakeRseStatus>();
        foreach (var rse in state.Rses)
        {
            var running = IsOurs(rse);
            var healthy = running && health is not null && await health.IsHealthyAsync(rse.Port, cancellationToken);
            // `up` records the PID and `down` clears it: a PID that is recorded but no longer ours exited on its own.
            var died = rse.Pid is not null && !running;
            statuses.Add(new LakeRseStatus(
                rse.Name, rse.Site, rse.Port, running ? rse.Pid : null, running, healthy, died,
                LakeUrls.ForPort(rse.Port), PathPrefix, tls.CaCertificatePath, tls.CertificateDirectory,
                DataDirectory(rse), LogPath(rse)));
        }
        return statuses;
    }

    /// <summary>Stops exactly the processes `up` recorded (and only if they still are ours); optionally wipes DIR.</summary>
    public async Task<IReadOnlyList<int>> DownAsync(bool wipe, CancellationToken cancellationToken)
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return [];
        }
        using var exclusive = await LockAsync(cancellationToken);
        var state = LakeState.Load(StatePath);
        var stopped = new List<int>();
        if (state is not null)
        {
            var ours = state.Rses.Where(IsOurs).ToList();
            stopped.AddRange(ours.Select(r => r.Pid!.Value));
            await StopAsync(ours, cancellationToken);
            new LakeState(LakeState.CurrentVersion, state.Rses.Select(r => r with { Pid = null }).ToList()).Save(StatePath);
        }
        if (wipe)
        {
            exclusive.Dispose();
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        return stopped;
    }

    private LakeState Plan(LakeState? previous, List<LakeRseState> running, int? rseCount, int? basePort)
    {
        if (previous is not null)
        {
            var sameCount = rseCount is null || rseCount == previous.Rses.Count;
            var samePorts = basePort is null || basePort == 0 || basePort == previous.Rses[0].Port
                && previous.Rses.Select((r, i) => r.Port == basePort + i).All(x => x);
            if (sameCount && samePorts)
            {
                return previous;
            }
            if (running.Count > 0)
            {
                throw new LakeException(
                    $"the lake in {Directory} is running with {previous.Rses.Count} RSEs on ports {previous.Rses[0].Port}-{previous.Rses[^1].Port}; " +
                    "run `lakemon lake down` first to change its size or ports", isUsageError: true);
            }
        }
        var count = rseCount ?? DefaultRseCount;
        var ports = basePort == 0 ? FreePorts(count) : Enumerable.Range(basePort ?? DefaultBasePort, count).ToArray();
        if (ports[^1] > 65535)
        {
            throw new LakeException($"--base-port {basePort} leaves no room for {count} RSEs below 65536", isUsageError: true);
        }
        var rses = Enumerable.Range(0, count).Select(i => new LakeRseState(RseName(i), SiteName(i), ports[i], null)).ToList();
        return new LakeState(LakeState.CurrentVersion, rses);
    }

    private static int[] FreePorts(int count)
    {
        // Not port 0: the kernel hands those out of the ephemeral range, where every outgoing connection on the machine
        // also takes its source port, and one did take a lake port between this choice and xrootd's bind (tests under
        // load: "Unable to bind socket ... address already in use"). Below that range only deliberate listeners compete.
        var (low, _) = EphemeralRange();
        var first = Math.Min(MinimumFreePort, low - count);
        var listeners = new List<System.Net.Sockets.TcpListener>();
        try
        {
            for (var attempt = 0; listeners.Count < count && attempt < 1000; attempt++)
            {
                var port = Random.Shared.Next(first, low);
                if (listeners.Any(l => ((System.Net.IPEndPoint)l.LocalEndpoint).Port == port))
                {
                    continue;
                }
                // Held until all are chosen, so that one call never hands out the same port twice; xrootd listens on
                // every interface, so that is where the port must be free.
                var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Any, port);
                try
                {
                    listener.Start();
                    listeners.Add(listener);
                }
                catch (System.Net.Sockets.SocketException)
                {
                    listener.Dispose();
                }
            }
            if (listeners.Count < count)
            {
                throw new LakeException($"found no {count} free ports between {first} and {low - 1}");
            }
            return [.. listeners.Select(l => ((System.Net.IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
        }
    }

    private const int MinimumFreePort = 10000;

    /// <summary>The kernel's ephemeral port range (net.ipv4.ip_local_port_range), Linux's default when unreadable.</summary>
    private static (int Low, int High) EphemeralRange()
    {
        try
        {
            var fields = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            return (int.Parse(fields[0], CultureInfo.InvariantCulture), int.Parse(fields[1], CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return (32768, 60999);
        }
    }

    private async Task<LakeRseState> StartAsync(LakeRseState rse, CancellationToken cancellationToken)
    {
        var rseDirectory = RseDirectory(rse);
        var admin = Path.Combine(rseDirectory, "admin");
        var data = DataDirectory(rse);
        var pidFile = Path.Combine(admin, "xrootd.pid");
        foreach (var directory in new[] { rseDirectory, admin, data, Path.Combine(data, PathPrefix.TrimStart('/')) })
        {
            System.IO.Directory.CreateDirectory(directory);
        }
        File.Delete(pidFile);
        var tls = Tls;
        var configPath = Path.Combine(rseDirectory, "xrootd.cfg");
        File.WriteAllText(configPath, new XRootDServerConfig(rse.Port, data, admin, tls.HostCertificatePath, tls.HostKeyPath, tls.CertificateDirectory).Render());

        var arguments = new List<string>();
        if (UnixProcess.IsRoot)
        {
            // xrootd refuses to run as root; -R makes it drop to the packaged service user, which must own its files.
            var user = UnixProcess.LookupUser(ServiceUser)
                ?? throw new LakeException($"user '{ServiceUser}' does not exist: is the xrootd-server package installed?", isUsageError: true);
            foreach (var path in new[] { rseDirectory, admin, data, Path.Combine(data, PathPrefix.TrimStart('/')), tls.HostCertificatePath, tls.HostKeyPath })
            {
                UnixProcess.ChangeOwner(path, user.Uid, user.Gid);
            }
            arguments.AddRange(["-R", ServiceUser]);
        }
        // -l DIR/rses/xrootd.log with -n NAME makes XRootD log to DIR/rses/NAME/xrootd.log.
        arguments.AddRange(["-b", "-n", rse.Name, "-c", configPath, "-l", Path.Combine(Directory, "rses", "xrootd.log"), "-s", pidFile]);

        // Through sh so that the daemon's stdio is /dev/null: inherited pipes would keep our caller's output open.
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec \"$0\" \"$@\" </dev/null >/dev/null 2>&1");
        start.ArgumentList.Add(XRootDExecutable());
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using (var launcher = Process.Start(start) ?? throw new LakeException($"could not start xrootd for {rse.Name}"))
        {
            await launcher.WaitForExitAsync(cancellationToken);
        }
        var deadline = _time.GetUtcNow() + TimeSpan.FromSeconds(10);
        while (!File.Exists(pidFile) || string.IsNullOrWhiteSpace(await File.ReadAllTextAsync(pidFile, cancellationToken)))
        {
            if (_time.GetUtcNow() > deadline)
            {
                throw new LakeException($"{rse.Name}: xrootd wrote no PID file within 10 s\n{LogTail(rse)}");
            }
            await Task.Delay(20, cancellationToken);
        }
        var pid = int.Parse((await File.ReadAllTextAsync(pidFile, cancellationToken)).Trim(), CultureInfo.InvariantCulture);
        _log.WriteLine($"lake: started {rse.Name} (site {rse.Site}) on port {rse.Port}, pid {pid}");
        return rse with { Pid = pid };
    }

    private async Task WaitUntilHealthyAsync(IReadOnlyList<LakeRseState> rses, CancellationToken cancellationToken)
    {
        if (rses.Count == 0)
        {
            return;
        }
        using var health = new LakeHealthCheck(Tls.CaCertificatePath);
        var deadline = _time.GetUtcNow() + ReadyTimeout;
        var pending = rses.ToList();
        while (pending.Count > 0)
        {
            foreach (var rse in pending.ToList())
            {
                if (!IsOurs(rse))
                {
                    throw new LakeException($"{rse.Name}: xrootd (pid {rse.Pid}) exited during start-up\n{LogTail(rse)}");
                }
                if (await health.IsHealthyAsync(rse.Port, cancellationToken))
                {
                    pending.Remove(rse);
                }
            }
            if (pending.Count > 0)
            {
                if (_time.GetUtcNow() > deadline)
                {
                    throw new LakeException($"{pending[0].Name}: port {pending[0].Port} did not answer https within {ReadyTimeout.TotalSeconds} s\n{LogTail(pending[0])}");
                }
                await Task.Delay(50, cancellationToken);
            }
        }
    }

    /// <summary>Running servers whose https port has not answered for <see cref="WedgedAfter"/>: XRootD 5.5 can stop
    /// accepting connections after the bridge race that also crashes it (lake/XROOTD-5.5-CRASH.md), and such a server counts as
    /// dead for `up`. Healthy servers answer at the first try, so an `up` of a healthy lake costs one request each.</summary>
    private async Task<List<LakeRseState>> FindWedgedAsync(IReadOnlyList<LakeRseState> running, CancellationToken cancellationToken)
    {
        if (running.Count == 0)
        {
            return [];
        }
        using var health = new LakeHealthCheck(Tls.CaCertificatePath);
        var answers = await Task.WhenAll(running.Select(async rse =>
        {
            var deadline = _time.GetUtcNow() + WedgedAfter;
            while (!await health.IsHealthyAsync(rse.Port, cancellationToken))
            {
                if (_time.GetUtcNow() > deadline || !IsOurs(rse))
                {
                    return IsOurs(rse) ? rse : null;
                }
                await Task.Delay(500, cancellationToken);
            }
            return null;
        }));
        return answers.OfType<LakeRseState>().ToList();
    }

    private static async Task StopAsync(IEnumerable<LakeRseState> rses, CancellationToken cancellationToken)
    {
        await Task.WhenAll(rses.Where(r => r.Pid is not null).Select(async r =>
        {
            if (!await UnixProcess.StopAsync(r.Pid!.Value, TimeSpan.FromSeconds(10), cancellationToken))
            {
                throw new LakeException($"{r.Name}: pid {r.Pid} did not stop after SIGKILL");
            }
        }));
    }

    /// <summary>A recorded PID counts only while it is alive and still an xrootd running this lake's config: PIDs are
    /// recycled, and `down` must never signal a stranger.</summary>
    private bool IsOurs(LakeRseState rse) =>
        rse.Pid is { } pid && UnixProcess.IsAlive(pid)
        && UnixProcess.CommandLine(pid).Contains(Path.Combine(RseDirectory(rse), "xrootd.cfg"), StringComparison.Ordinal);

    private string RseDirectory(LakeRseState rse) => Path.Combine(Directory, "rses", rse.Name);

    private string DataDirectory(LakeRseState rse) => Path.Combine(RseDirectory(rse), "data");

    private string LogPath(LakeRseState rse) => Path.Combine(RseDirectory(rse), "xrootd.log");

    private string LogTail(LakeRseState rse)
    {
        var log = LogPath(rse);
        if (!File.Exists(log))
        {
            return $"(no log at {log})";
        }
        var lines = File.ReadAllLines(log);
        var tail = new StringBuilder($"last lines of {log}:\n");
        foreach (var line in lines.TakeLast(15))
        {
            tail.Append("  ").AppendLine(line);
        }
        return tail.ToString().TrimEnd();
    }

    private static string XRootDExecutable()
    {
        foreach (var candidate in new[] { "/usr/bin/xrootd", "/usr/local/bin/xrootd" })
        {
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new LakeException("xrootd is not installed: apt-get install xrootd-server xrootd-server-plugins xrootd-client xrootd-client-http-plugins", isUsageError: true);
    }

    /// <summary>As root the servers run as user xrootd, which needs to traverse every parent of DIR.</summary>
    private void CheckReachableByServiceUser()
    {
        if (!UnixProcess.IsRoot)
        {
            return;
        }
        for (var directory = new DirectoryInfo(Directory).Parent; directory is not null; directory = directory.Parent)
        {
            if ((directory.UnixFileMode & UnixFileMode.OtherExecute) == 0)
            {
                throw new LakeException(
                    $"{Directory} is not reachable by user '{ServiceUser}': {directory.FullName} is not searchable by others " +
                    "(choose a --dir under /var/lib, /srv or /tmp, or chmod o+x that directory)", isUsageError: true);
            }
        }
    }

    private async Task<IDisposable> LockAsync(CancellationToken cancellationToken)
    {
        var path = Path.Combine(Directory, ".lock");
        var deadline = _time.GetUtcNow() + TimeSpan.FromSeconds(60);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (_time.GetUtcNow() < deadline)
            {
                await Task.Delay(100, cancellationToken);
            }
        }
    }
}
