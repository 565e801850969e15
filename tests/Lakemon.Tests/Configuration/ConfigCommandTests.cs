using Lakemon.Cli;
using Lakemon.Cli.Commands;

namespace Lakemon.Tests.Configuration;

public class ConfigCommandTests
{
    [Fact]
    public async Task ValidateAsync_ShippedExample_PrintsSummaryAndReturnsOk()
    {
        var path = Path.Combine(RepositoryRoot.Path, "config", "lakemon.example.yaml");
        using var output = new StringWriter();

        var exitCode = await ConfigCommand.ValidateAsync(path, output, CancellationToken.None);

        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.Equal($"{path}: valid (1 sites, 2 RSEs){Environment.NewLine}", output.ToString());
    }

    [Fact]
    public async Task ValidateAsync_InvalidFile_PrintsEveryErrorAndReturnsBadUsage()
    {
        var path = ConfigCases.FullPath("invalid-many-problems.yaml");
        var expected = File.ReadAllLines(Path.ChangeExtension(path, ".expected"))
            .Select(line => line.Replace(ConfigCases.DisplayPath("invalid-many-problems.yaml"), path, StringComparison.Ordinal));
        using var output = new StringWriter();

        var exitCode = await ConfigCommand.ValidateAsync(path, output, CancellationToken.None);

        Assert.Equal(ExitCodes.BadUsage, exitCode);
        Assert.Equal(expected, output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task ValidateAsync_MissingFile_ReportsLineZeroAndReturnsBadUsage()
    {
        using var output = new StringWriter();

        var exitCode = await ConfigCommand.ValidateAsync("missing/lakemon.yaml", output, CancellationToken.None);

        Assert.Equal(ExitCodes.BadUsage, exitCode);
        Assert.Equal($"missing/lakemon.yaml:0: file: cannot read: file not found{Environment.NewLine}", output.ToString());
    }

    [Fact]
    public async Task RunAsync_ConfigValidateCommand_ReturnsValidatorExitCode()
    {
        var path = ConfigCases.FullPath("valid-minimal.yaml");

        Assert.Equal(ExitCodes.Ok, await LakemonCommandLine.RunAsync(["config", "validate", path]));
        Assert.Equal(ExitCodes.BadUsage, await LakemonCommandLine.RunAsync(["config", "validate", ConfigCases.FullPath("invalid-cron.yaml")]));
    }
}
