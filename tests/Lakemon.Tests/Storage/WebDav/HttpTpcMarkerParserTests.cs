using System.Diagnostics;
using System.Text;
using Lakemon.Probes.Results;
using Lakemon.Probes.Storage;
using Lakemon.Probes.Storage.WebDav;

namespace Lakemon.Tests.Storage.WebDav;

public sealed class HttpTpcMarkerParserTests
{
    // As xrootd 5.5.3 streams it (the verdict line has no line break).
    private const string XrootdSuccess =
        "Perf Marker\nTimestamp: 1795797657\nStripe Index: 0\nStripe Bytes Transferred: 0\nTotal Stripe Count: 1\n" +
        "RemoteConnections: tcp:127.0.0.1:44543\nEnd\n" +
        "Perf Marker\nTimestamp: 1795797662\nStripe Index: 0\nStripe Bytes Transferred: 52428800\nTotal Stripe Count: 1\nEnd\n" +
        "success: Created";

    [Fact]
    public async Task ReadAsync_XrootdSuccessBody_SucceedsAndReportsEachMarker()
    {
        var reports = new List<TransferProgress>();

        var outcome = await ReadAsync(XrootdSuccess, reports);

        Assert.True(outcome.Succeeded);
        Assert.Equal("success: Created", outcome.Message);
        Assert.Equal([new TransferProgress(0, null), new TransferProgress(52_428_800, null)], reports);
    }

    [Theory]
    [InlineData("failure: Remote side failed with status code 404; error message: \"Unable to open /lake/x; no such file or directory \"", FailureKind.NotFound)]
    [InlineData("failure: Couldn't connect to server", FailureKind.TpcFailed)]
    [InlineData("failure: Remote side failed with status code 403", FailureKind.TpcFailed)]
    public async Task ReadAsync_FailureLineAfterMarkers_FailsWithKind(string last, FailureKind expected)
    {
        var outcome = await ReadAsync("Perf Marker\nStripe Bytes Transferred: 10\nEnd\n" + last + "\n", []);

        Assert.Equal(expected, outcome.Failure);
        Assert.Equal(last, outcome.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n\r\n")]
    [InlineData("Perf Marker\nStripe Bytes Transferred: 10\nEnd\n")]
    [InlineData("Perf Marker\nStripe Bytes Transferred: 10\n")]
    [InlineData("Perf Marker\nStripe Bytes Transf")]
    [InlineData("success")]
    [InlineData("<html>502 Bad Gateway</html>")]
    [InlineData("success: Created\nPerf Marker\nEnd\n")]
    [InlineData("failure: first\nsomething else")]
    public async Task ReadAsync_BodyWithoutFinalVerdict_IsProtocolError(string body)
    {
        var outcome = await ReadAsync(body, []);

        Assert.Equal(FailureKind.ProtocolError, outcome.Failure);
    }

    [Fact]
    public void Feed_CrLfLinesAndSpaces_StillUnderstood()
    {
        var parser = new HttpTpcMarkerParser();
        var progress = new List<TransferProgress?>();

        foreach (var line in "  Perf Marker\r|Stripe Bytes Transferred:   42 \r|End\r|success: Created\r".Split('|'))
        {
            progress.Add(parser.Feed(line));
        }

        Assert.Equal(new TransferProgress(42, null), progress[2]);
        Assert.True(parser.Finish().Succeeded);
    }

    [Fact]
    public void Feed_SeveralStripes_SumsTheLatestValueOfEach()
    {
        var parser = new HttpTpcMarkerParser();

        Marker(parser, 0, 100);
        Marker(parser, 1, 50);
        var last = Marker(parser, 0, 300);

        Assert.Equal(new TransferProgress(350, null), last);
        Assert.Equal(350, parser.BytesTransferred);
        Assert.Equal(3, parser.MarkerCount);
    }

    [Theory]
    [InlineData("99999999999999999999999999999")]
    [InlineData("-5")]
    [InlineData("1e9")]
    [InlineData("")]
    [InlineData("0x10")]
    public void Feed_UnparsableByteCount_IgnoresTheMarker(string bytes)
    {
        var parser = new HttpTpcMarkerParser();

        parser.Feed("Perf Marker");
        parser.Feed("Stripe Bytes Transferred: " + bytes);
        var progress = parser.Feed("End");

        Assert.Null(progress);
        Assert.Equal(0, parser.BytesTransferred);
    }

    [Fact]
    public void Feed_HugeCountsOnManyStripes_SaturatesInsteadOfOverflowing()
    {
        var parser = new HttpTpcMarkerParser();

        for (var stripe = 0; stripe < 1000; stripe++)
        {
            Marker(parser, stripe, long.MaxValue - 1);
        }

        Assert.Equal(long.MaxValue, parser.BytesTransferred);
    }

    [Fact]
    public void Feed_EndOrFieldsOutsideAMarker_AreIgnored()
    {
        var parser = new HttpTpcMarkerParser();

        Assert.Null(parser.Feed("Stripe Bytes Transferred: 5"));
        Assert.Null(parser.Feed("End"));
        Assert.Equal(0, parser.MarkerCount);
    }

    [Fact]
    public async Task ReadAsync_OneHugeLineWithoutBreaks_EndsQuicklyAsProtocolError()
    {
        var body = new byte[32 * 1024 * 1024];
        Array.Fill(body, (byte)'x');
        var watch = Stopwatch.StartNew();

        var outcome = await new HttpTpcMarkerParser().ReadAsync(new MemoryStream(body), null, CancellationToken.None);

        Assert.Equal(FailureKind.ProtocolError, outcome.Failure);
        Assert.True(outcome.Message.Length < HttpTpcMarkerParser.MaxLineLength + 200);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task ReadAsync_RandomBytes_NeverThrowsAndIsProtocolErrorUnlessAVerdictLineWasSeen()
    {
        var random = new Random(20260127);
        for (var round = 0; round < 500; round++)
        {
            var body = new byte[random.Next(0, 4096)];
            random.NextBytes(body);
            var text = Encoding.UTF8.GetString(body);

            var outcome = await new HttpTpcMarkerParser().ReadAsync(new MemoryStream(body), null, CancellationToken.None);

            AssertOutcomeFitsLines(text.Split('\n'), outcome);
        }
    }

    [Fact]
    public void Feed_RandomMixOfMarkerFragments_NeverThrowsProgressNeverNegativeAndVerdictOnlyFromARealLine()
    {
        string[] fragments =
        [
            "Perf Marker", "End", "Stripe Index: ", "Stripe Bytes Transferred: ", "Total Stripe Count: ", "Timestamp: ",
            "success: Created", "failure: no such file", "failure: boom", "success", "failure", "", " ", "\t", "\0",
            "RemoteConnections: tcp:1.2.3.4:5", "99999999999999999999999", "-1", "18446744073709551615", "ÿ\uFFFD",
        ];
        var random = new Random(7);
        for (var round = 0; round < 2000; round++)
        {
            var parser = new HttpTpcMarkerParser();
            var lines = new List<string>();
            for (var i = random.Next(0, 40); i > 0; i--)
            {
                var line = fragments[random.Next(fragments.Length)] + (random.Next(3) == 0 ? random.NextInt64().ToString(System.Globalization.CultureInfo.InvariantCulture) : "");
                lines.Add(line);
                if (parser.Feed(line) is { } progress)
                {
                    Assert.True(progress.Bytes >= 0);
                }
            }

            AssertOutcomeFitsLines(lines, parser.Finish());
        }
    }

    private static void AssertOutcomeFitsLines(IEnumerable<string> lines, HttpTpcOutcome outcome)
    {
        var last = lines.Select(l => (l.Length > HttpTpcMarkerParser.MaxLineLength ? l[..HttpTpcMarkerParser.MaxLineLength] : l).Trim())
            .LastOrDefault(l => l.Length > 0);
        if (last is not null && last.StartsWith("success:", StringComparison.OrdinalIgnoreCase))
        {
            Assert.True(outcome.Succeeded);
        }
        else if (last is not null && last.StartsWith("failure:", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Contains(outcome.Failure, new FailureKind?[] { FailureKind.TpcFailed, FailureKind.NotFound });
        }
        else
        {
            Assert.Equal(FailureKind.ProtocolError, outcome.Failure);
        }
    }

    private static TransferProgress? Marker(HttpTpcMarkerParser parser, int stripe, long bytes)
    {
        parser.Feed("Perf Marker");
        parser.Feed($"Stripe Index: {stripe}");
        parser.Feed($"Stripe Bytes Transferred: {bytes}");
        return parser.Feed("End");
    }

    private static Task<HttpTpcOutcome> ReadAsync(string body, List<TransferProgress> reports) =>
        new HttpTpcMarkerParser().ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(body)), new Collector(reports), CancellationToken.None);

    private sealed class Collector(List<TransferProgress> reports) : IProgress<TransferProgress>
    {
        public void Report(TransferProgress value) => reports.Add(value);
    }
}
