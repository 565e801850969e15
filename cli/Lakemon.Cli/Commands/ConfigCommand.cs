using System.CommandLine;
using Lakemon.Probes.Configuration;

namespace Lakemon.Cli.Commands;

internal static class ConfigCommand
{
    public static Command Build()
    {
        var file = new Argument<string>("FILE") { Description = "The lakemon YAML configuration to check." };
        var validate = new Command("validate", "Check a configuration file; print FILE:LINE: key: problem for every problem found.") { file };
        validate.SetAction(async (parse, ct) => await ValidateAsync(parse.GetValue(file)!, Console.Error, ct));
        return new Command("config", "Work with lakemon configuration files.") { validate };
    }

    /// <summary>Prints every problem (or a one-line summary) to <paramref name="output"/>; FILE is echoed exactly as typed.</summary>
    internal static async Task<int> ValidateAsync(string path, TextWriter output, CancellationToken ct)
    {
        var result = ConfigLoader.Load(path);
        foreach (var error in result.Errors)
        {
            await output.WriteLineAsync(error.ToString().AsMemory(), ct);
        }
        if (result.Options is not { } options)
        {
            return ExitCodes.BadUsage;
        }
        await output.WriteLineAsync($"{path}: valid ({options.Sites.Count} sites, {options.Rses.Count} RSEs)".AsMemory(), ct);
        return ExitCodes.Ok;
    }
}
