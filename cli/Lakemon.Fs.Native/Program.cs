using System.CommandLine;
using Lakemon.Cli;
using Lakemon.Cli.Commands;

// The same `fs` command as `lakemon fs`, alone in its tree: arguments start with "fs", exactly as typed after lakemon.
var root = new RootCommand("lakemon fs (native build)") { FsCommand.Build() };
return await CommandLineInvocation.InvokeAsync(root.Parse(args));
