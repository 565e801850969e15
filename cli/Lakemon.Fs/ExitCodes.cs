namespace Lakemon.Cli;

/// <summary>The exit codes of DESIGN.md §8, shared by every subcommand.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int Unhealthy = 1;
    public const int BadUsage = 2;
}
