using System.CommandLine;
using Lakemon.Cli.Commands;

namespace Lakemon.Cli;

/// <summary>Builds the `lakemon` command tree; every subcommand is registered here and only here.</summary>
public static class LakemonCommandLine
{
    public static RootCommand Build()
    {
        var root = new RootCommand("lakemon: keeps a federated scientific data lake honest (probes, collector, SLA).");
        root.Subcommands.Add(LakeCommand.Build());
        root.Subcommands.Add(ConfigCommand.Build());
        root.Subcommands.Add(RunCommand.Build());
        root.Subcommands.Add(CollectorCommand.Build());
        root.Subcommands.Add(AgentCommand.Build());
        root.Subcommands.Add(FsCommand.Build());
        root.Subcommands.Add(ProbeCommand.Build());
        root.Subcommands.Add(JanitorCommand.Build());
        root.Subcommands.Add(ResultsCommand.Build());
        root.Subcommands.Add(SlaCommand.Build());
        root.Subcommands.Add(NetCommand.Build());
        root.Subcommands.Add(LoadCommand.Build());
        return root;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var root = Build();
        var parse = root.Parse(args);
        // Ctrl-C or SIGTERM during `load run` must still delete what the rehearsal wrote: give it time to clean up
        // instead of System.CommandLine's default 2 s before the command is abandoned.
        var invocation = new InvocationConfiguration();
        if (parse.CommandResult.Command.Name == "run" && parse.CommandResult.Parent is System.CommandLine.Parsing.CommandResult { Command.Name: "load" })
        {
            invocation.ProcessTerminationTimeout = TimeSpan.FromMinutes(5);
            // The load generator's sockets complete inline on the epoll thread, as in wrk (see SocketEventLoop); the
            // runtime reads this once, at the first socket, which only the command about to run will open.
            Lakemon.Scenarios.Engine.SocketEventLoop.UseInlineCompletionsUnlessSet();
        }
        return await CommandLineInvocation.InvokeAsync(parse, invocation);
    }
}
