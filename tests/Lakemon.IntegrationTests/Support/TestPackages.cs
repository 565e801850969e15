using Lakemon.Tests.Configuration;

namespace Lakemon.IntegrationTests.Support;

/// <summary>
/// The Debian packages only the tests need (LAKEMON_TEST_PACKAGES: prometheus, victoria-metrics, influxdb, ...),
/// installed the way ./test.sh installs every prerequisite: by lake/prerequisites.sh, as root, only when missing;
/// without root the test fails with the apt line to run.
/// </summary>
internal static class TestPackages
{
    // Once per test run: two fixtures running apt-get at the same time would fight over the dpkg lock.
    private static readonly Lazy<Task> Installation = new(InstallAsync);

    /// <summary>Makes sure each of <paramref name="tools"/> is on PATH, installing the test packages if one is not.</summary>
    public static async Task EnsureInstalledAsync(params string[] tools)
    {
        if (tools.All(OnPath))
        {
            return;
        }
        await Installation.Value;
        var missing = tools.Where(tool => !OnPath(tool)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"{string.Join(", ", missing)} not on PATH after installing LAKEMON_TEST_PACKAGES");
        }
    }

    private static async Task InstallAsync()
    {
        var script = Path.Combine(RepositoryRoot.Path, "lake", "prerequisites.sh");
        var result = await ProcessRunner.RunAsync("bash", ["-c", """. "$1" && lakemon_ensure_packages "${LAKEMON_TEST_PACKAGES[@]}" """, "bash", script],
            TimeSpan.FromMinutes(5));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"the Debian test packages are missing and could not be installed: {result}");
        }
    }

    private static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Any(directory => File.Exists(Path.Combine(directory, tool)));
}
