using Lakemon.Tests.Configuration;

namespace Lakemon.IntegrationTests.Support;

/// <summary>
/// Debian's prometheus package (the server and promtool), installed the way ./test.sh installs every prerequisite:
/// by lake/prerequisites.sh, as root, only when missing; without root the test fails with the apt line to run.
/// </summary>
internal static class PrometheusPackage
{
    // Once per test run: two fixtures running apt-get at the same time would fight over the dpkg lock.
    private static readonly Lazy<Task> Installation = new(InstallAsync);

    public static Task EnsureInstalledAsync() => Installation.Value;

    private static async Task InstallAsync()
    {
        if (OnPath("prometheus") && OnPath("promtool"))
        {
            return;
        }
        var script = Path.Combine(RepositoryRoot.Path, "lake", "prerequisites.sh");
        var result = await ProcessRunner.RunAsync("bash", ["-c", """. "$1" && lakemon_ensure_packages "${LAKEMON_TEST_PACKAGES[@]}" """, "bash", script],
            TimeSpan.FromMinutes(5));
        if (result.ExitCode != 0 || !OnPath("prometheus") || !OnPath("promtool"))
        {
            throw new InvalidOperationException($"the Debian prometheus package is missing and could not be installed: {result}");
        }
    }

    private static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Any(directory => File.Exists(Path.Combine(directory, tool)));
}
