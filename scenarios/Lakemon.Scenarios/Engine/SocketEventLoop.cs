namespace Lakemon.Scenarios.Engine;

/// <summary>
/// How .NET's socket engine runs the load generator's I/O. By default each socket completion is read by the epoll
/// thread and handed to a thread-pool thread, which runs the step's continuation: two thread hops and two wake-ups per
/// request. On a small host (the lake and the generator sharing 2 CPUs) those hops, not the servers, limit a closed
/// model to about half of what wrk's single event loop gets from the same endpoint (bench/load.sh, 16 connections:
/// 77–87k requests/s, 11–14 µs of CPU per request). With inline completions the continuation runs on the epoll
/// thread itself, as in wrk's event loop: 160–166k requests/s at 6.0 µs per request, wrk's own figures on the same
/// host. The runtime reads both variables once, from the process environment, when its first socket is
/// created, and has no runtimeconfig knob for them; so the load commands set them in-process before any socket
/// exists, and only when the user has not set them (setting them to other values, e.g. INLINE_COMPLETIONS=0, wins).
/// </summary>
public static class SocketEventLoop
{
    public const string InlineCompletionsVariable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    public const string ThreadCountVariable = "DOTNET_SYSTEM_NET_SOCKETS_THREAD_COUNT";

    /// <summary>The variables to set given the current environment: inline completions, and half the processors as
    /// event threads. With inline completions the runtime would otherwise start one event thread per processor, each
    /// competing with the servers under test on the same host (measured on 2 CPUs: 2 event threads ran at 0.68–0.72×
    /// the requests/s of 1, at 7.6–8.1 instead of 6.0 µs of CPU per request); half leaves the other cores to the
    /// servers and the thread pool (file I/O, reports, the collector sink).</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Defaults(Func<string, string?> environment, int processorCount)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var set = new List<KeyValuePair<string, string>>(2);
        if (string.IsNullOrEmpty(environment(InlineCompletionsVariable)))
        {
            set.Add(new(InlineCompletionsVariable, "1"));
        }
        if (string.IsNullOrEmpty(environment(ThreadCountVariable)))
        {
            set.Add(new(ThreadCountVariable, Math.Max(1, processorCount / 2).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        return set;
    }

    /// <summary>Sets <see cref="Defaults"/> in this process. Call it before the process opens its first socket (the
    /// first statement of a load command); later calls have no effect on the runtime.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> UseInlineCompletionsUnlessSet()
    {
        var set = Defaults(Environment.GetEnvironmentVariable, Environment.ProcessorCount);
        foreach (var (name, value) in set)
        {
            Environment.SetEnvironmentVariable(name, value);
        }
        return set;
    }
}
