using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Lakemon.Probes.Results;

namespace Lakemon.Probes.Network;

/// <summary>
/// The second throughput engine: iperf3 (`iperf3 --client HOST --json`) against a site's existing iperf3 server, its
/// JSON report read for the receiver's bits/s and bytes, the sender's retransmits and mean RTT. An iperf3 that is
/// missing, or a server that cannot be reached, is UNKNOWN (lakemon could not measure), never a slow link.
/// </summary>
public static class Iperf3Client
{
    public static async Task<ThroughputMeasurement> MeasureAsync(IPEndPoint server, TimeSpan duration, int streams, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        var start = new ProcessStartInfo("iperf3")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "--client", server.Address.ToString(), "--port", server.Port.ToString(CultureInfo.InvariantCulture),
            "--time", Math.Max(1, (int)Math.Round(duration.TotalSeconds)).ToString(CultureInfo.InvariantCulture),
            "--parallel", streams.ToString(CultureInfo.InvariantCulture), "--json",
        })
        {
            start.ArgumentList.Add(argument);
        }
        var clock = Stopwatch.StartNew();
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new Win32Exception("iperf3 did not start");
        }
        catch (Win32Exception e)
        {
            return Failed(streams, clock, FailureKind.PrerequisiteFailed, $"cannot run iperf3: {e.Message}");
        }
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var errors = process.StandardError.ReadToEndAsync(cancellationToken);
            try
            {
                await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }
            return Parse(await output.ConfigureAwait(false), streams, clock.Elapsed, await errors.ConfigureAwait(false));
        }
    }

    /// <summary>Reads an `iperf3 --json` report (also its `error` form) into a measurement.</summary>
    public static ThroughputMeasurement Parse(string json, int streams, TimeSpan elapsed, string standardError = "")
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.TryGetProperty("error", out var error))
            {
                var message = error.GetString() ?? "iperf3 failed";
                var kind = message.Contains("connect", StringComparison.OrdinalIgnoreCase) ? FailureKind.Connect : FailureKind.ProbeError;
                return new ThroughputMeasurement(streams, 0, elapsed.TotalSeconds, null, null, ProbeStatus.Unknown, kind, $"iperf3: {message}");
            }
            var end = root.GetProperty("end");
            var received = end.GetProperty("sum_received");
            var bits = received.GetProperty("bits_per_second").GetDouble();
            var seconds = received.GetProperty("seconds").GetDouble();
            long? retransmits = end.GetProperty("sum_sent").TryGetProperty("retransmits", out var r) ? r.GetInt64() : null;
            var rtts = end.TryGetProperty("streams", out var list)
                ? list.EnumerateArray()
                    .Select(s => s.TryGetProperty("sender", out var sender) && sender.TryGetProperty("mean_rtt", out var rtt) ? rtt.GetDouble() / 1e6 : (double?)null)
                    .OfType<double>().ToList()
                : [];
            // bits_per_second over the receiver's seconds, so that the figure is iperf3's own; bytes follow from it.
            return new ThroughputMeasurement(streams, received.GetProperty("bytes").GetInt64(), seconds, retransmits,
                rtts.Count > 0 ? rtts.Average() : null, ProbeStatus.Ok, null,
                FormattableString.Invariant($"{bits / 1e6:0.00} Mbit/s over {streams} stream(s) (iperf3)"));
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return new ThroughputMeasurement(streams, 0, elapsed.TotalSeconds, null, null, ProbeStatus.Unknown, FailureKind.ProtocolError,
                $"iperf3 gave no readable report: {e.Message} {standardError.Trim()}");
        }
    }

    private static ThroughputMeasurement Failed(int streams, Stopwatch clock, FailureKind kind, string message) =>
        new(streams, 0, clock.Elapsed.TotalSeconds, null, null, ProbeStatus.Unknown, kind, message);
}
