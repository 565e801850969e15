using System.CommandLine;

namespace Lakemon.Cli;

/// <summary>Invokes a parsed command line with lakemon's usage contract, for `lakemon` and the native `lakemon fs` alike.</summary>
public static class CommandLineInvocation
{
    public static async Task<int> InvokeAsync(ParseResult parse, InvocationConfiguration? configuration = null)
    {
        ArgumentNullException.ThrowIfNull(parse);
        // DESIGN §8: bad usage is exit code 2 everywhere; System.CommandLine would answer 1.
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await Console.Error.WriteLineAsync($"lakemon: {error.Message}");
            }
            await Console.Error.WriteLineAsync("Run 'lakemon --help' for usage.");
            return ExitCodes.BadUsage;
        }
        return await parse.InvokeAsync(configuration ?? new InvocationConfiguration());
    }
}
