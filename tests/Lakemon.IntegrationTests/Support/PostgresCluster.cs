using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Lakemon.Lake;
using Npgsql;

namespace Lakemon.IntegrationTests.Support;

/// <summary>
/// A throwaway PostgreSQL cluster of the Debian packages (initdb + pg_ctl in a test directory, 127.0.0.1 on a free
/// port, trust authentication), so the tests neither need nor disturb the system cluster whether or not it runs. It is
/// stopped by its postmaster's PID and deleted at the end. Each test asks for a schema of its own.
/// </summary>
public sealed class PostgresCluster : IAsyncLifetime
{
    private const string User = "lakemon";
    private const int SigInt = 2;

    private string? directory;
    private int pid;
    private int port;

    public string ConnectionString(string? schema = null) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = port,
        Username = User,
        Database = "postgres",
        SearchPath = schema,
    }.ToString();

    /// <summary>A fresh, empty schema; a store opened with its connection string creates its table there.</summary>
    public async Task<string> CreateSchemaAsync()
    {
        var schema = $"test_{Guid.NewGuid():N}";
        await using var dataSource = NpgsqlDataSource.Create(ConnectionString());
        await using var command = dataSource.CreateCommand($"CREATE SCHEMA {schema}");
        await command.ExecuteNonQueryAsync();
        return ConnectionString(schema);
    }

    public async Task InitializeAsync()
    {
        var bin = await BinDirectoryAsync();
        directory = TestDirectories.Create("postgres");
        var data = Path.Combine(directory, "data");
        var run = Path.Combine(directory, "run");
        Directory.CreateDirectory(data, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Directory.CreateDirectory(run);
        // PostgreSQL refuses to run as root; as root the cluster belongs to the packaged service user.
        if (UnixProcess.IsRoot)
        {
            var (uid, gid) = UnixProcess.LookupUser("postgres") ?? throw new InvalidOperationException("user postgres does not exist: is the postgresql package installed?");
            UnixProcess.ChangeOwner(data, uid, gid);
            UnixProcess.ChangeOwner(run, uid, gid);
        }
        // --no-sync: a test cluster that a crash would lose is thrown away anyway; the server itself keeps fsync on.
        await RunAsync(Path.Combine(bin, "initdb"), "-D", data, "-U", User, "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C.UTF-8");
        // The port is free when picked but may be taken before the server binds it: then try another.
        for (var attempt = 1; ; attempt++)
        {
            port = FreePorts.Next();
            var options = string.Create(CultureInfo.InvariantCulture, $"-c listen_addresses=127.0.0.1 -p {port} -c unix_socket_directories={run}");
            var start = await ProcessRunner.RunAsync(Command(Path.Combine(bin, "pg_ctl")),
                Arguments(Path.Combine(bin, "pg_ctl"), "-D", data, "-l", Path.Combine(run, "postgres.log"), "-w", "-t", "60", "-o", options, "start"),
                TimeSpan.FromSeconds(90));
            if (start.ExitCode == 0)
            {
                break;
            }
            if (attempt == 3)
            {
                var log = File.Exists(Path.Combine(run, "postgres.log")) ? await File.ReadAllTextAsync(Path.Combine(run, "postgres.log")) : "";
                throw new InvalidOperationException($"pg_ctl start failed: {start}\n{log}");
            }
        }
        pid = int.Parse((await File.ReadAllLinesAsync(Path.Combine(data, "postmaster.pid")))[0], CultureInfo.InvariantCulture);
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (pid > 0)
        {
            // SIGINT is PostgreSQL's fast shutdown: it does not wait for clients to disconnect as SIGTERM does.
            await ProcessRunner.RunAsync("kill", [$"-{SigInt}", pid.ToString(CultureInfo.InvariantCulture)]);
            if (!await UnixProcess.WaitForExitAsync(pid, TimeSpan.FromSeconds(20), CancellationToken.None))
            {
                await UnixProcess.StopAsync(pid, TimeSpan.Zero, CancellationToken.None);
            }
        }
        if (directory is not null)
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>The newest installed server's bin directory; as root the Debian package is installed when missing.</summary>
    private static async Task<string> BinDirectoryAsync()
    {
        static string? Find() => Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
                .FirstOrDefault()
            : null;
        if (Find() is { } found)
        {
            return found;
        }
        if (!UnixProcess.IsRoot)
        {
            throw new InvalidOperationException("PostgreSQL is not installed; install it with: sudo apt-get install -y postgresql");
        }
        var install = await ProcessRunner.RunAsync("apt-get", ["install", "-y", "-q", "postgresql"], TimeSpan.FromMinutes(10));
        return Find() ?? throw new InvalidOperationException($"apt-get install postgresql did not provide initdb: {install}");
    }

    private static async Task RunAsync(string file, params string[] arguments)
    {
        var result = await ProcessRunner.RunAsync(Command(file), Arguments(file, arguments), TimeSpan.FromSeconds(90));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(file)} failed: {result}");
        }
    }

    private static string Command(string file) => UnixProcess.IsRoot ? "runuser" : file;

    private static string[] Arguments(string file, params string[] arguments) =>
        UnixProcess.IsRoot ? ["-u", "postgres", "--", file, .. arguments] : arguments;
}
