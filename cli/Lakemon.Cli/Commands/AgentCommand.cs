using System.CommandLine;
using Lakemon.Collector.Hosting;
using Lakemon.Probes.Configuration;

namespace Lakemon.Cli.Commands;

/// <summary>`lakemon agent`: scheduled probes whose results are spooled on disk and shipped to a collector.</summary>
internal static class AgentCommand
{
    public static Command Build()
    {
        var config = new Option<string>("--config") { Description = "The lakemon configuration (RSEs, schedules and the agent section).", Required = true };
        var listen = RunCommand.ListenOption();
        var jsonLogs = RunCommand.JsonLogsOption();
        var agent = new Command("agent", "Run the scheduled probes and ship every result to the collector of the agent section (buffered on disk while it is unreachable), until Ctrl-C.")
        {
            config, listen, jsonLogs,
        };
        agent.SetAction(async (parse, ct) =>
        {
            if (await ConfigSource.LoadAsync(parse.GetValue(config)!) is not { } options)
            {
                return ExitCodes.BadUsage;
            }
            if (options.Agent is not { } target)
            {
                return await PlatformServer.FailAsync("agent", "the configuration has no agent section (agent.collector and its token)");
            }
            var token = SecretSource.Read(target.TokenEnv, target.TokenFile, "agent token", out var error);
            if (token is null)
            {
                return await PlatformServer.FailAsync("agent", error ?? "agent token missing");
            }
            var address = parse.GetValue(listen);
            return await PlatformServer.ServeAsync("agent", new PlatformOptions(options, options.Store)
            {
                Collect = false,
                Listen = address is null ? options.Collector.ListenUrl : $"http://{address}",
                JsonLogs = parse.GetValue(jsonLogs),
                ShipTo = new AgentTarget(target.Collector, token, target.SpoolDirectory),
            }, ct);
        });
        return agent;
    }
}
