using System.Text.RegularExpressions;
using Lakemon.IntegrationTests.Support;
using Lakemon.Tests.Configuration;
using Xunit;
using static Lakemon.IntegrationTests.Support.ProcessRunner;

namespace Lakemon.IntegrationTests.Dashboards;

/// <summary>docker-compose.yml and the Dockerfile it builds. No Docker engine runs here, so the deployment itself is not
/// started: Debian's docker-compose validates the file, and every path it mounts or builds from must be in the repo.</summary>
public sealed partial class DeploymentFilesTests
{
    [Fact]
    public async Task DockerComposeConfig_TheShippedFile_IsValid()
    {
        await TestPackages.EnsureInstalledAsync("docker-compose");

        var config = await RunAsync("docker-compose", ["-f", Path.Combine(RepositoryRoot.Path, "docker-compose.yml"), "config", "-q"], TimeSpan.FromSeconds(60));

        Assert.True(config.ExitCode == 0, config.ToString());
    }

    [Fact]
    public async Task DockerCompose_EveryMountedPathAndBuildContext_ExistsInTheRepo()
    {
        var compose = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Path, "docker-compose.yml"));

        var mounts = RelativeMount().Matches(compose).Select(m => m.Groups[1].Value).ToList();
        Assert.True(mounts.Count >= 8, $"only {mounts.Count} bind mounts found");
        Assert.All(mounts, path => Assert.True(Path.Exists(Path.Combine(RepositoryRoot.Path, path)), $"docker-compose.yml mounts {path}, which is not in the repo"));
        Assert.Contains("build: .", compose, StringComparison.Ordinal);
        var dockerfile = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Path, "Dockerfile"));
        var copies = DockerfileCopy().Matches(dockerfile).Select(m => m.Groups[1].Value).Where(s => s != ".").ToList();
        Assert.NotEmpty(copies);
        Assert.All(copies, path => Assert.True(Path.Exists(Path.Combine(RepositoryRoot.Path, path)), $"the Dockerfile copies {path}, which is not in the repo"));
        Assert.Contains("cli/Lakemon.Cli/Lakemon.Cli.csproj", dockerfile, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DockerCompose_LakemonConfigurations_AreValidForLakemon()
    {
        foreach (var file in Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "deploy", "lakemon"), "*.yaml"))
        {
            var validate = await LakemonAsync("config", "validate", file);
            Assert.True(validate.ExitCode == 0, validate.ToString());
        }
    }

    // "- ./path:/in/container[:ro]" in a volumes list.
    [GeneratedRegex(@"^\s*-\s*\./([^:\s]+):/", RegexOptions.Multiline)]
    private static partial Regex RelativeMount();

    // COPY SRC DST lines that take from the build context (not --from= stages).
    [GeneratedRegex(@"^COPY\s+(?!--from)(\S+)\s+\S+", RegexOptions.Multiline)]
    private static partial Regex DockerfileCopy();
}
