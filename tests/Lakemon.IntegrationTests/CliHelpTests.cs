using static Lakemon.IntegrationTests.Support.ProcessRunner;

namespace Lakemon.IntegrationTests;

/// <summary>The script-facing contract of DESIGN.md §8: help everywhere, bad usage is exit code 2.</summary>
public sealed class CliHelpTests
{
    [Theory]
    [InlineData]
    [InlineData("lake")]
    [InlineData("lake", "up")]
    [InlineData("lake", "status")]
    [InlineData("lake", "down")]
    [InlineData("config")]
    [InlineData("config", "validate")]
    [InlineData("run")]
    [InlineData("collector")]
    [InlineData("agent")]
    [InlineData("fs")]
    [InlineData("fs", "cp")]
    [InlineData("fs", "stat")]
    [InlineData("fs", "sum")]
    [InlineData("fs", "ls")]
    [InlineData("fs", "rm")]
    [InlineData("fs", "mkdir")]
    [InlineData("probe")]
    [InlineData("janitor")]
    [InlineData("results")]
    [InlineData("results", "import")]
    [InlineData("results", "export")]
    [InlineData("results", "prune")]
    [InlineData("sla")]
    [InlineData("net")]
    [InlineData("net", "reflector")]
    [InlineData("net", "throughput-server")]
    [InlineData("net", "probe")]
    [InlineData("load")]
    [InlineData("load", "run")]
    [InlineData("load", "list")]
    public async Task Help_OnEveryCommand_ExitsZeroWithUsage(params string[] command)
    {
        var result = await LakemonAsync([.. command, "--help"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Usage:", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains(string.Join(' ', ["lakemon", .. command]), result.StandardOutput, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("lake", "up", "--no-such-option")]
    [InlineData("no-such-command")]
    [InlineData("lake", "up", "--rses", "many")]
    [InlineData("config", "validate")]
    [InlineData("fs", "stat", "gopher://host/path")]
    [InlineData("fs", "stat", "root:///no/host")]
    [InlineData("fs", "cp", "a", "b", "--tpc-mode", "sideways")]
    [InlineData("fs", "stat", "/tmp", "--timeout", "soon")]
    [InlineData("probe", "--kind", "weekly")]
    [InlineData("collector")]
    [InlineData("agent", "--config", "/nonexistent/lakemon.yaml")]
    [InlineData("probe", "--only", "colour=red")]
    [InlineData("probe", "--run-id", "../escape")]
    [InlineData("janitor", "--older-than", "soon")]
    [InlineData("janitor", "--older-than", "-1h")]
    [InlineData("results", "import")]
    [InlineData("load", "run")]
    [InlineData("load", "run", "/nonexistent/rehearsal.yaml")]
    [InlineData("results", "import", "no-such-file.jsonl")]
    [InlineData("results", "import", "x.jsonl", "--batch-size", "0")]
    [InlineData("results", "export", "--operation", "fly")]
    [InlineData("results", "export", "--kind", "weekly")]
    [InlineData("results", "export", "--since", "yesterday")]
    [InlineData("results", "export", "--until", "-1h")]
    [InlineData("results", "export", "--limit", "0")]
    [InlineData("results", "prune", "--older-than", "0")]
    [InlineData("sla")]
    [InlineData("sla", "--from", "2026-10-01", "--to", "2026-10-31", "--format", "pdf")]
    [InlineData("sla", "--from", "2026-10-01", "--to", "2026-10-31", "--rse", "A", "--site", "B")]
    [InlineData("sla", "--from", "2026-10-01", "--to", "2026-10-31", "--config", "/nonexistent/lakemon.yaml")]
    [InlineData("net", "probe")]
    [InlineData("net", "probe", "--target", "10.0.0.1", "--kind", "bandwidth")]
    [InlineData("net", "probe", "--target", "10.0.0.1:x")]
    [InlineData("net", "probe", "--target", "10.0.0.1", "--interval", "soon")]
    [InlineData("net", "probe", "--target", "10.0.0.1", "--size", "10")]
    [InlineData("net", "reflector", "--listen", "127.0.0.1:99999")]
    public async Task BadUsage_ExitsTwoWithAMessageOnStderr(params string[] command)
    {
        var result = await LakemonAsync(command);

        Assert.Equal(2, result.ExitCode);
        Assert.NotEmpty(result.StandardError.Trim());
        Assert.Empty(result.StandardOutput.Trim());
    }

    [Fact]
    public async Task LakeUp_WithTooManyRses_ExitsTwo()
    {
        var result = await LakemonAsync("lake", "up", "--rses", "27", "--dir", Path.Combine(Path.GetTempPath(), "never-created-" + Guid.NewGuid().ToString("N")));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--rses must be between 1 and 26", result.StandardError, StringComparison.Ordinal);
    }
}
