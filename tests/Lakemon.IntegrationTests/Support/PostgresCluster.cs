using System.Net;
using System.Net.Sockets;

namespace Lakemon.IntegrationTests.Support;

/// <summary>
/// A throwaway PostgreSQL cluster from Debian's postgresql package (./test.sh installs it): initdb into a fresh
/// directory, started on a free loopback port with its socket inside that directory, trust authentication for one
/// user. Disposal stops the postmaster by the PID it wrote and deletes the directory, so nothing outlives the test and
/// no system cluster is touched.
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    private const string User = "lakemon";

    private readonly string directory;

    private PostgresCluster(string directory, int port)
    {
        this.directory = directory;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username={User};Database=postgres;Pooling=true;Timeout=5";

    public static async Task<PostgresCluster> StartAsync()
    {
        var bin = FindBinaries();
        var directory = TestDirectories.Create("pg");
        var data = Path.Combine(directory, "data");
        // initdb refuses to run as root; as root (CI), the cluster belongs to Debian's postgres user.
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            await ProcessRunner.RunCheckedAsync("chown", "postgres:postgres", directory);
        }
        var port = FreePort();
        var cluster = new PostgresCluster(directory, port);
        try
        {
            await RunAsAsync(asRoot, Path.Combine(bin, "initdb"), "-D", data, "-U", User, "--auth=trust", "-E", "UTF8", "--no-sync");
            await RunAsAsync(asRoot, Path.Combine(bin, "pg_ctl"), "-D", data, "-l", Path.Combine(directory, "postgres.log"), "-w", "-t", "30",
                "-o", $"-p {port} -k {directory} -c listen_addresses=127.0.0.1 -c fsync=off", "start");
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
        return cluster;
    }

    public async ValueTask DisposeAsync()
    {
        var pidFile = Path.Combine(directory, "data", "postmaster.pid");
        if (File.Exists(pidFile) && int.TryParse(File.ReadLines(pidFile).First(), out var pid))
        {
            // SIGINT is PostgreSQL's "fast" shutdown: sessions are cut, the postmaster exits within a second or two.
            await ProcessRunner.RunAsync("kill", ["-INT", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (Directory.Exists($"/proc/{pid}") && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
            if (Directory.Exists($"/proc/{pid}"))
            {
                await ProcessRunner.RunAsync("kill", ["-KILL", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            }
        }
        Directory.Delete(directory, recursive: true);
    }

    private static string FindBinaries()
    {
        const string root = "/usr/lib/postgresql";
        var bin = Directory.Exists(root)
            ? Directory.GetDirectories(root)
                .Select(version => Path.Combine(version, "bin"))
                .Where(candidate => File.Exists(Path.Combine(candidate, "initdb")))
                .OrderByDescending(candidate => int.TryParse(Path.GetFileName(Path.GetDirectoryName(candidate)), out var v) ? v : 0)
                .FirstOrDefault()
            : null;
        return bin ?? throw new InvalidOperationException($"no PostgreSQL server under {root}: apt-get install postgresql (./test.sh does)");
    }

    private static Task RunAsAsync(bool asRoot, string file, params string[] arguments) =>
        asRoot ? ProcessRunner.RunCheckedAsync("runuser", ["-u", "postgres", "--", file, .. arguments]) : ProcessRunner.RunCheckedAsync(file, arguments);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
