using System.Buffers;
using System.Globalization;
using System.Text;
using Lakemon.Probes.Results;

namespace Lakemon.Probes.Storage.WebDav;

/// <summary>
/// Reads the streamed body of an HTTP-TPC COPY (the de-facto protocol of dCache, xrootd, StoRM and FTS): performance
/// marker blocks ("Perf Marker", "Stripe Index: i", "Stripe Bytes Transferred: n", ..., "End") while the copy runs,
/// then one final "success: ..." or "failure: ..." line. Only the last non-blank line decides: a 2xx status with a
/// failure line is a failure, and a body without a final line is a protocol error. Fed one line at a time, tolerant of
/// any input (it is fuzzed), and bounded in memory.
/// </summary>
public sealed class HttpTpcMarkerParser
{
    /// <summary>Longer lines are cut: no marker or verdict line is anywhere near this long.</summary>
    public const int MaxLineLength = 4096;

    // Real copies use a handful of stripes; a bound keeps a hostile body from growing the table.
    private const int MaxStripes = 256;

    private readonly Dictionary<long, long> _stripeBytes = [];
    private bool _inMarker;
    private long? _markerStripe;
    private long? _markerBytes;
    private HttpTpcOutcome? _verdict;
    private string? _lastLine;

    /// <summary>Bytes reported so far, summed over stripes (the latest value of each stripe).</summary>
    public long BytesTransferred { get; private set; }

    /// <summary>Number of complete, well-formed marker blocks seen.</summary>
    public int MarkerCount { get; private set; }

    /// <summary>Feeds one line (without its line break). Returns the progress when the line completed a marker
    /// block, null otherwise.</summary>
    public TransferProgress? Feed(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var text = (line.Length > MaxLineLength ? line[..MaxLineLength] : line).Trim();
        if (text.Length == 0)
        {
            return null;
        }
        _lastLine = text;
        _verdict = null;

        if (StartsWith(text, "success:"))
        {
            _inMarker = false;
            _verdict = new HttpTpcOutcome(null, text);
            return null;
        }
        if (StartsWith(text, "failure:"))
        {
            _inMarker = false;
            _verdict = new HttpTpcOutcome(WebDavFailureMap.FromCopyFailure(null, text), text);
            return null;
        }
        if (text.Equals("Perf Marker", StringComparison.OrdinalIgnoreCase))
        {
            _inMarker = true;
            _markerStripe = null;
            _markerBytes = null;
            return null;
        }
        if (!_inMarker)
        {
            return null;
        }
        if (text.Equals("End", StringComparison.OrdinalIgnoreCase))
        {
            _inMarker = false;
            return CompleteMarker();
        }
        if (TryField(text, "Stripe Index:", out var stripe))
        {
            _markerStripe = stripe;
        }
        else if (TryField(text, "Stripe Bytes Transferred:", out var bytes))
        {
            _markerBytes = bytes;
        }
        return null;
    }

    /// <summary>The outcome once the body has ended: the verdict of the last line, or a protocol error.</summary>
    public HttpTpcOutcome Finish() =>
        _verdict ?? new HttpTpcOutcome(
            FailureKind.ProtocolError,
            _lastLine is null ? "the copy response ended without any line" : $"the copy response ended without a success or failure line (last line: {_lastLine})");

    /// <summary>Splits <paramref name="body"/> into lines as bytes arrive, feeds them and reports progress;
    /// returns <see cref="Finish"/> at the end of the stream. A missing final line break is tolerated.</summary>
    public async Task<HttpTpcOutcome> ReadAsync(Stream body, IProgress<TransferProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        var line = new byte[MaxLineLength];
        var length = 0;
        try
        {
            int read;
            while ((read = await body.ReadAsync(buffer.AsMemory(), cancellationToken)) > 0)
            {
                foreach (var b in buffer.AsSpan(0, read))
                {
                    if (b == (byte)'\n')
                    {
                        Report(Feed(Decode(line, length)), progress);
                        length = 0;
                    }
                    else if (length < line.Length)
                    {
                        line[length++] = b;
                    }
                }
            }
            if (length > 0)
            {
                Report(Feed(Decode(line, length)), progress);
            }
            return Finish();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private TransferProgress? CompleteMarker()
    {
        if (_markerBytes is not { } bytes)
        {
            return null;
        }
        var stripe = _markerStripe ?? 0;
        if (!_stripeBytes.ContainsKey(stripe) && _stripeBytes.Count >= MaxStripes)
        {
            return null;
        }
        _stripeBytes[stripe] = bytes;
        long total = 0;
        foreach (var value in _stripeBytes.Values)
        {
            // Saturate: a hostile sum must not wrap around into a small or negative count.
            total = value > long.MaxValue - total ? long.MaxValue : total + value;
        }
        BytesTransferred = total;
        MarkerCount++;
        return new TransferProgress(total, null);
    }

    private static void Report(TransferProgress? value, IProgress<TransferProgress>? progress)
    {
        if (value is { } p)
        {
            progress?.Report(p);
        }
    }

    private static string Decode(byte[] line, int length) => Encoding.UTF8.GetString(line, 0, length);

    private static bool StartsWith(string text, string prefix) => text.StartsWith(prefix, StringComparison.OrdinalIgnoreCase);

    private static bool TryField(string text, string name, out long value)
    {
        value = 0;
        return StartsWith(text, name)
            && long.TryParse(text.AsSpan(name.Length).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }
}
