using System.CommandLine;

namespace Lakemon.Cli.Commands;

internal static class ConfigCommand
{
    public static Command Build()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "The lakemon YAML configuration to check." };
        var validate = new Command("validate", "Check a configuration file; print FILE:LINE: key: problem for every problem found.") { file };
        validate.SetAction(async (parse, ct) =>
        {
            await Task.CompletedTask;
            return ExitCodes.BadUsage;
        });
        return new Command("config", "Work with lakemon configuration files.") { validate };
    }
}
