using System.Diagnostics;
using System.Globalization;
using Lakemon.Scenarios.Engine;

// bench/load.sh's load generator: the engine's closed model (KeepConstant) issuing GETs over `connections` kept-alive
// HTTP/1.1 connections, like wrk -c. Prints one line of key=value figures for the script.
// usage: Lakemon.Bench.Load URL CONNECTIONS SECONDS [httpclient|socket]
// Like `lakemon load run`: socket continuations inline on the epoll thread unless the environment says otherwise; this
// must come before the first socket.
SocketEventLoop.UseInlineCompletionsUnlessSet();
var url = new Uri(args[0]);
var connections = int.Parse(args[1], CultureInfo.InvariantCulture);
var seconds = int.Parse(args[2], CultureInfo.InvariantCulture);
var socketStep = args.Length > 3 && args[3] == "socket";
var sockets = Enumerable.Range(0, connections).Select(_ => new Lakemon.Bench.Load.KeepAliveConnection(url)).ToArray();
using var http = new HttpClient(new SocketsHttpHandler
{
    MaxConnectionsPerServer = connections,
    PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
    UseProxy = false,
    AutomaticDecompression = System.Net.DecompressionMethods.None,
});
var buffer = new byte[64 * 1024];

async Task<StepResult> GetAsync(StepContext context)
{
    if (socketStep)
    {
        // One connection per copy, as wrk keeps one per -c.
        var (status, length) = await sockets[context.Copy].GetAsync(context.CancellationToken);
        return status == 200 ? StepResult.Ok(length) : StepResult.Fail("server_error", $"HTTP {status}", length);
    }
    using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, context.CancellationToken);
    await using var body = await response.Content.ReadAsStreamAsync(context.CancellationToken);
    long bytes = 0;
    int read;
    while ((read = await body.ReadAsync(buffer.AsMemory(), context.CancellationToken)) > 0)
    {
        bytes += read;
    }
    return response.IsSuccessStatusCode ? StepResult.Ok(bytes) : StepResult.Fail("server_error", $"HTTP {(int)response.StatusCode}", bytes);
}

// Warm-up: JIT and connections, not measured.
await new ScenarioRunner(Scenario.Create("warmup", GetAsync, LoadSimulation.KeepConstant(connections, TimeSpan.FromSeconds(1)))).RunAsync(null, default);
// The generator's own CPU per request (user + system, all threads) is what makes it fast or slow when it and the server
// share the host; unlike requests/s it hardly moves when other work competes for the CPUs.
var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
var result = await new ScenarioRunner(Scenario.Create("get", GetAsync, LoadSimulation.KeepConstant(connections, TimeSpan.FromSeconds(seconds)))).RunAsync(null, default);
var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
var s = result.Stats.Calls;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"rps={s.Rps:F1} ok={s.OkCount} fail={s.FailCount} p50_ms={s.Latency.P50Ms:F3} p75_ms={s.Latency.P75Ms:F3} p99_ms={s.Latency.P99Ms:F3} mean_ms={s.Latency.MeanMs:F3} cpu_us_per_req={cpu.TotalMicroseconds / Math.Max(1, s.RequestCount):F2}"));
