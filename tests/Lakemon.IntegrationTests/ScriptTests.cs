using Lakemon.Tests.Configuration;
using static Lakemon.IntegrationTests.Support.ProcessRunner;

namespace Lakemon.IntegrationTests;

/// <summary>The root-level scripts users and CI start from.</summary>
public sealed class ScriptTests
{
    [Fact]
    public async Task LakemonScript_ForwardsArguments_AndKeepsStdoutCleanForJson()
    {
        var nowhere = Path.Combine(Path.GetTempPath(), "lakemon-no-lake-" + Guid.NewGuid().ToString("N"));

        // Builds the CLI when needed; the build's chatter must not reach stdout, or --json would be unparsable.
        var result = await RunAsync(Path.Combine(RepositoryRoot.Path, "lakemon"), ["lake", "status", "--dir", nowhere, "--json"], TimeSpan.FromMinutes(5));

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal("[]", result.StandardOutput.Trim());
        Assert.Contains("no lake in", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prerequisites_WhenAPackageIsMissingAndNotRoot_PrintTheAptLineAndExitTwo()
    {
        // As user nobody, so that the script must not try to install anything; from a copy nobody can read wherever
        // the checkout lives.
        var copy = Path.Combine(Path.GetTempPath(), $"lakemon-prerequisites-{Guid.NewGuid():N}.sh");
        File.Copy(Path.Combine(RepositoryRoot.Path, "lake", "prerequisites.sh"), copy);
        File.SetUnixFileMode(copy, (UnixFileMode)0b110_100_100);
        var script = $". '{copy}'; lakemon_ensure_packages curl lakemon-no-such-package";
        var result = await RunAsync("setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", "bash", "-c", script]);
        File.Delete(copy);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("sudo apt-get install -y lakemon-no-such-package", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("install -y curl", result.StandardError, StringComparison.Ordinal);
    }
}
