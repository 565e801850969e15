using System.CommandLine;
using Lakemon.Collector.Hosting;

namespace Lakemon.Cli.Commands;

/// <summary>`lakemon collector`: results from remote agents (ingest API) into the store, /metrics and /healthz; no probes.</summary>
internal static class CollectorCommand
{
    public static Command Build()
    {
        var config = new Option<string>("--config") { Description = "The lakemon configuration (store, collector.listen and the ingest token).", Required = true };
        var listen = RunCommand.ListenOption();
        var jsonLogs = RunCommand.JsonLogsOption();
        var collector = new Command("collector", "Receive results from agents (POST /api/v1/results, bearer token), keep them, serve /metrics and /healthz, until Ctrl-C.")
        {
            config, listen, jsonLogs,
        };
        collector.SetAction(async (parse, ct) =>
        {
            if (await ConfigSource.LoadAsync(parse.GetValue(config)!) is not { } options)
            {
                return ExitCodes.BadUsage;
            }
            var token = PlatformServer.IngestToken(options, out var error);
            if (error is not null || token is null)
            {
                return await PlatformServer.FailAsync("collector", error ?? "the configuration needs collector.token_env or collector.token_file: agents must authenticate");
            }
            var address = parse.GetValue(listen);
            return await PlatformServer.ServeAsync("collector", new PlatformOptions(options, options.Store)
            {
                Probes = false,
                Listen = address is null ? options.Collector.ListenUrl : $"http://{address}",
                JsonLogs = parse.GetValue(jsonLogs),
                IngestToken = token,
            }, ct);
        });
        return collector;
    }
}
