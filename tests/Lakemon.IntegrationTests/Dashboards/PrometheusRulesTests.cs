using Lakemon.IntegrationTests.Support;
using Lakemon.Tests.Configuration;
using Xunit;
using static Lakemon.IntegrationTests.Support.ProcessRunner;

namespace Lakemon.IntegrationTests.Dashboards;

/// <summary>The shipped Prometheus rules through Debian's promtool: syntax and their unit tests
/// (dashboards/prometheus/tests/*.test.yml).</summary>
public sealed class PrometheusRulesTests
{
    private static string Rules => Path.Combine(RepositoryRoot.Path, "dashboards", "prometheus");

    [Fact]
    public async Task PromtoolCheckRules_EveryShippedRuleFile_IsValid()
    {
        await TestPackages.EnsureInstalledAsync("promtool");
        var files = Directory.GetFiles(Rules, "*.rules.yml");

        var check = await RunAsync("promtool", ["check", "rules", .. files], TimeSpan.FromSeconds(60));

        Assert.True(check.ExitCode == 0, check.ToString());
        Assert.Equal(2, files.Length);
        Assert.Equal(files.Length, check.StandardOutput.Split("SUCCESS").Length - 1);
    }

    [Fact]
    public async Task PromtoolTestRules_TheRuleUnitTests_Pass()
    {
        await TestPackages.EnsureInstalledAsync("promtool");

        var test = await RunAsync("promtool", ["test", "rules", Path.Combine(Rules, "tests", "lakemon-rules.test.yml")], TimeSpan.FromSeconds(60));

        Assert.True(test.ExitCode == 0, test.ToString());
        Assert.Contains("SUCCESS", test.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PromtoolTestRules_RseDownRuleBroken_TheRuleTestsNoticeIt()
    {
        await TestPackages.EnsureInstalledAsync("promtool");
        // The rule tests must be able to fail: with "down" needing 3 cycles instead of 2 they must.
        var copy = TestDirectories.Create("rules");
        Directory.CreateDirectory(Path.Combine(copy, "tests"));
        foreach (var file in Directory.GetFiles(Rules, "*.rules.yml"))
        {
            var text = await File.ReadAllTextAsync(file);
            await File.WriteAllTextAsync(Path.Combine(copy, Path.GetFileName(file)),
                text.Replace("""operation="upload"}) >= 2)""", """operation="upload"}) >= 3)""", StringComparison.Ordinal));
        }
        File.Copy(Path.Combine(Rules, "tests", "lakemon-rules.test.yml"), Path.Combine(copy, "tests", "lakemon-rules.test.yml"));

        var test = await RunAsync("promtool", ["test", "rules", Path.Combine(copy, "tests", "lakemon-rules.test.yml")], TimeSpan.FromSeconds(60));

        Assert.NotEqual(0, test.ExitCode);
        Assert.Contains("alertname: LakemonRseDown", test.StandardError + test.StandardOutput, StringComparison.Ordinal);
    }
}
