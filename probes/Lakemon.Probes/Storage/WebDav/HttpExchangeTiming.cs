namespace Lakemon.Probes.Storage.WebDav;

/// <summary>
/// Timings of one HTTP exchange, carried in the request's options so that the handler's connect and stream-filter
/// callbacks (which run for the request that opened the connection) can record connect and TLS into the caller's
/// <see cref="PhaseRecorder"/>. The request phase is what remains of the exchange once those are taken out.
/// </summary>
internal sealed class HttpExchangeTiming(PhaseRecorder phases)
{
    private static readonly TimeProvider Clock = TimeProvider.System;

    private long _connectedAt;

    public PhaseRecorder Phases { get; } = phases;

    public TimeSpan Connect { get; private set; }

    public TimeSpan Tls { get; private set; }

    public static long Now => Clock.GetTimestamp();

    public static TimeSpan Since(long timestamp) => Clock.GetElapsedTime(timestamp);

    public void Connected(long startedAt, bool succeeded)
    {
        Connect = Since(startedAt);
        Phases.Add(PhaseNames.Connect, Connect);
        if (succeeded)
        {
            _connectedAt = Now;
        }
    }

    /// <summary>Called when the connection is ready for HTTP: after the TLS handshake on https, at once on http.</summary>
    public void Secured()
    {
        if (_connectedAt != 0 && Tls == TimeSpan.Zero)
        {
            Tls = Since(_connectedAt);
            Phases.Add(PhaseNames.Tls, Tls);
        }
    }
}
