using Lakemon.Collector.Hosting;
using Lakemon.Probes.Configuration;

namespace Lakemon.Cli.Commands;

/// <summary>Runs a long-lived lakemon node (`run`, `collector`, `agent`) until SIGINT/SIGTERM, printing where it
/// listens; shared by the three commands so they differ only in which parts they switch on.</summary>
internal static class PlatformServer
{
    public static async Task<int> ServeAsync(string role, PlatformOptions options, CancellationToken ct)
    {
        PlatformHost host;
        try
        {
            host = await PlatformHost.StartAsync(options, ct);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            await Console.Error.WriteLineAsync($"lakemon {role}: cannot start: {Lakemon.Probes.Security.SecretRedactor.Redact(e.Message)}");
            return ExitCodes.BadUsage;
        }
        await using (host)
        {
            var parts = new List<string> { "/healthz" };
            if (options.Collect)
            {
                parts.Add("/ (status page)");
                parts.Add("/metrics");
                parts.Add("/api/v1/status");
                parts.Add("/api/v1/sla");
            }
            if (options.Collect && options.IngestToken is not null)
            {
                parts.Add("/api/v1/results");
            }
            // The one line a script waits for: the real port when 0 was asked for.
            await Console.Error.WriteLineAsync($"lakemon {role}: listening on {host.Address} ({string.Join(", ", parts)})");
            if (options.ShipTo is { } target)
            {
                await Console.Error.WriteLineAsync($"lakemon {role}: shipping results to {target.Collector} (spool {target.SpoolDirectory})");
            }
            try
            {
                await host.WaitForShutdownAsync(ct);
            }
            catch (OperationCanceledException)
            {
            }
            await Console.Error.WriteLineAsync($"lakemon {role}: stopping");
        }
        return ExitCodes.Ok;
    }

    /// <summary>The ingest token named by the collector section, or an error line when it names one that cannot be read.</summary>
    public static string? IngestToken(LakemonOptions options, out string? error) =>
        SecretSource.Read(options.Collector.TokenEnv, options.Collector.TokenFile, "collector ingest token", out error);

    public static async Task<int> FailAsync(string role, string message)
    {
        await Console.Error.WriteLineAsync($"lakemon {role}: {message}");
        return ExitCodes.BadUsage;
    }
}
