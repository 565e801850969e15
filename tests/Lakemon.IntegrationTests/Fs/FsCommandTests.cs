using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Lakemon.IntegrationTests.Support;
using Lakemon.Probes.Checksums;
using static Lakemon.IntegrationTests.Support.ProcessRunner;

namespace Lakemon.IntegrationTests.Fs;

/// <summary>`lakemon fs` end to end on a real lake, with xrdcp/curl as the independent witnesses; run once for each
/// build users get (<see cref="ManagedFsCommandTests"/>, <see cref="NativeFsCommandTests"/>).</summary>
public abstract class FsCommandTests(LakeFixture fixture)
{
    private readonly RunningLake _lake = fixture.Lake;

    /// <summary>Runs `lakemon ARGUMENTS` with the build under test.</summary>
    protected abstract Task<ProcessResult> RunAsync(string[] arguments);

    [Theory]
    [InlineData("root")]
    [InlineData("https")]
    public async Task Cp_UploadThenDownload_IsByteIdenticalAndVerifiedByTheServer(string scheme)
    {
        var (file, bytes) = RandomFile(3_000_001);
        var url = Url(scheme, 0, $"/fs-{Guid.NewGuid():N}/up.bin");
        var back = Scratch("back.bin");

        var up = await FsAsync("cp", file, url, "--json");
        var down = await FsAsync("cp", url, back, "--json");

        Assert.True(up.ExitCode == 0, up.ToString());
        Assert.True(down.ExitCode == 0, down.ToString());
        var upJson = JsonNode.Parse(up.StandardOutput)!;
        Assert.Equal(Adler32.Compute(bytes), (string?)upJson["adler32"]);
        Assert.True((bool)upJson["verified"]!);
        Assert.Equal(bytes.Length, (long)upJson["bytes"]!);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(back));
    }

    [Theory]
    [InlineData("root", "root", "root")]
    [InlineData("https", "https", "pull")]
    [InlineData("https", "https", "push")]
    [InlineData("root", "https", "stream")]
    public async Task Cp_RemoteToRemote_LeavesAnIdenticalFile(string from, string to, string mode)
    {
        var (file, bytes) = RandomFile(2_500_000);
        var name = Guid.NewGuid().ToString("N");
        var source = Url(from, 0, $"/fs-src-{name}.bin");
        var destination = Url(to, 1, $"/fs-dst-{name}/copy.bin");
        Assert.Equal(0, (await FsAsync("cp", file, source)).ExitCode);

        var copy = await FsAsync("cp", "--tpc-mode", mode, source, destination, "--json");

        Assert.True(copy.ExitCode == 0, copy.ToString());
        var json = JsonNode.Parse(copy.StandardOutput)!;
        Assert.Equal(mode == "stream" ? "streamed" : "thirdparty", (string?)json["route"]);
        Assert.True((bool)json["verified"]!);
        // An independent witness: curl reads the copy back over https.
        var witness = Scratch("witness.bin");
        await RunCheckedAsync("curl", "-sS", "--fail", "--capath", _lake.CaDirectory, "-o", witness, _lake.Rses[1].Https($"/fs-dst-{name}/copy.bin"));
        Assert.Equal(bytes, await File.ReadAllBytesAsync(witness));
    }

    [Theory]
    [InlineData("root", "root")]
    [InlineData("https", "pull")]
    [InlineData("https", "push")]
    public async Task Cp_TpcFromAMissingSource_ExitsOneAndNamesTheFailure(string scheme, string mode)
    {
        var name = Guid.NewGuid().ToString("N");

        var copy = await FsAsync("cp", "--no-verify", "--tpc-mode", mode, Url(scheme, 0, $"/missing-{name}"), Url(scheme, 1, $"/missing-copy-{name}"));

        Assert.Equal(1, copy.ExitCode);
        Assert.Matches("lakemon fs cp: (not_found|tpc_failed): ", copy.StandardError);
    }

    [Fact]
    public async Task SumStatLsRmMkdir_OnRoot_BehaveLikeGfalTools()
    {
        var (file, bytes) = RandomFile(123_457);
        var directory = Url("root", 2, $"/fs-tree-{Guid.NewGuid():N}");
        Assert.Equal(0, (await FsAsync("mkdir", "-p", directory + "/sub/deeper")).ExitCode);
        Assert.Equal(0, (await FsAsync("cp", file, directory + "/sub/f.bin")).ExitCode);

        var sum = await FsAsync("sum", directory + "/sub/f.bin", "adler32");
        var stat = await FsAsync("stat", "--json", directory + "/sub/f.bin");
        var ls = await FsAsync("ls", "--json", directory + "/sub");
        var rm = await FsAsync("rm", directory + "/sub/f.bin");
        var gone = await FsAsync("stat", directory + "/sub/f.bin");

        Assert.Equal($"{directory}/sub/f.bin {Adler32.Compute(bytes)}", sum.StandardOutput.Trim());
        Assert.Equal(123_457, (long)JsonNode.Parse(stat.StandardOutput)!["size_bytes"]!);
        var names = JsonNode.Parse(ls.StandardOutput)!["entries"]!.AsArray().Select(e => (string?)e!["name"]).Order().ToList();
        Assert.Equal(["deeper", "f.bin"], names);
        Assert.Equal(0, rm.ExitCode);
        Assert.Equal(1, gone.ExitCode);
        Assert.Contains("not_found", gone.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stat_OnAPortNobodyListensOn_ExitsOneWithConnect()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var result = await FsAsync("stat", $"root://127.0.0.1:{port}//nothing");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("lakemon fs stat: connect:", result.StandardError, StringComparison.Ordinal);
    }

    private Task<ProcessResult> FsAsync(params string[] arguments) =>
        RunAsync(["fs", "--ca-dir", _lake.CaDirectory, .. arguments]);

    private string Url(string scheme, int rse, string path) => scheme == "root" ? _lake.Rses[rse].Root(path) : _lake.Rses[rse].Https(path);

    private string Scratch(string name)
    {
        var directory = Path.Combine(_lake.Directory, "scratch", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        return Path.Combine(directory, name);
    }

    private (string Path, byte[] Bytes) RandomFile(int size)
    {
        var path = Scratch("data.bin");
        var bytes = RandomNumberGenerator.GetBytes(size);
        File.WriteAllBytes(path, bytes);
        return (path, bytes);
    }
}

/// <summary>`dotnet lakemon.dll fs`: the managed build (what `lakemon fs` runs without a C linker).</summary>
public sealed class ManagedFsCommandTests(LakeFixture fixture) : FsCommandTests(fixture), IClassFixture<LakeFixture>
{
    protected override Task<ProcessResult> RunAsync(string[] arguments) => LakemonAsync(arguments);
}

/// <summary>The ahead-of-time compiled `lakemon fs` that ./lakemon runs.</summary>
public sealed class NativeFsCommandTests(LakeFixture lake, NativeFsFixture native)
    : FsCommandTests(lake), IClassFixture<LakeFixture>, IClassFixture<NativeFsFixture>
{
    protected override Task<ProcessResult> RunAsync(string[] arguments) => ProcessRunner.RunAsync(native.Executable, arguments);
}
