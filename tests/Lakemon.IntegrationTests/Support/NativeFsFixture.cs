using Lakemon.Tests.Configuration;

namespace Lakemon.IntegrationTests.Support;

/// <summary>
/// The ahead-of-time compiled `lakemon fs` (cli/Lakemon.Fs.Native) that ./lakemon runs for `fs`: the binary test.sh
/// publishes once ($LAKEMON_FS_NATIVE), or, when the tests run without it, one published here for this test run.
/// </summary>
public sealed class NativeFsFixture : IAsyncLifetime
{
    public string Executable { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var given = Environment.GetEnvironmentVariable("LAKEMON_FS_NATIVE");
        if (!string.IsNullOrEmpty(given))
        {
            Executable = File.Exists(given) ? given : throw new InvalidOperationException($"LAKEMON_FS_NATIVE={given} does not exist");
            return;
        }
        var output = TestDirectories.Create("native-fs");
        var project = Path.Combine(RepositoryRoot.Path, "cli", "Lakemon.Fs.Native", "Lakemon.Fs.Native.csproj");
        var publish = await ProcessRunner.RunAsync("dotnet", ["publish", project, "-c", "Release", "-r", "linux-x64", "-o", output, "--nologo", "-v", "q"],
            TimeSpan.FromMinutes(5));
        Assert.True(publish.ExitCode == 0, publish.ToString());
        Executable = Path.Combine(output, "lakemon");
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
