using System.Text.Json;

namespace Lakemon.IntegrationTests.Support;

/// <summary>A local lake started through the real CLI (`lakemon lake up --base-port 0`) in its own directory, stopped
/// and wiped by PID on dispose, so that tests never share state or ports.</summary>
public sealed class RunningLake : IAsyncDisposable
{
    private RunningLake(string directory, IReadOnlyList<LakeRse> rses)
    {
        Directory = directory;
        Rses = rses;
    }

    public string Directory { get; }
    public IReadOnlyList<LakeRse> Rses { get; }
    public string CaDirectory => Rses[0].CaDir;
    public string CaFile => Rses[0].CaFile;

    public static async Task<RunningLake> StartAsync(int rses = 3, string purpose = "lake")
    {
        var directory = TestDirectories.Create(purpose);
        var result = await ProcessRunner.LakemonAsync("lake", "up", "--dir", directory, "--rses", rses.ToString(System.Globalization.CultureInfo.InvariantCulture), "--base-port", "0", "--json");
        if (result.ExitCode != 0)
        {
            await ProcessRunner.LakemonAsync("lake", "down", "--dir", directory, "--wipe");
            throw new InvalidOperationException($"lake up failed: {result}");
        }
        return new RunningLake(directory, ParseStatus(result.StandardOutput));
    }

    public static IReadOnlyList<LakeRse> ParseStatus(string json) =>
        JsonSerializer.Deserialize<List<LakeRse>>(json) ?? throw new InvalidOperationException("empty status");

    public async ValueTask DisposeAsync()
    {
        var result = await ProcessRunner.LakemonAsync("lake", "down", "--dir", Directory, "--wipe");
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"lake down failed: {result}");
        }
    }
}
