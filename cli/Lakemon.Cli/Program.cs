using Lakemon.Cli;

return await LakemonCommandLine.RunAsync(args);
