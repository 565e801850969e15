using System.Text.RegularExpressions;
using Lakemon.Collector.Metrics;
using Lakemon.Probes.Configuration;
using Lakemon.Probes.Results;
using Lakemon.Tests.Results;

namespace Lakemon.Tests.Metrics;

public sealed partial class LakemonMetricsTests : IDisposable
{
    private const string UploadLabels = "rse=\"LAKE-A\",protocol=\"root\",operation=\"upload\"";
    private const string ReadLabels = "rse=\"LAKE-A\",protocol=\"root\",operation=\"read\"";
    private const string PullLabels = "src_rse=\"LAKE-A\",dst_rse=\"LAKE-B\",protocol=\"https\",tpc_mode=\"http-pull\"";

    private readonly MetricsScrape _scrape = new();

    public void Dispose() => _scrape.Dispose();

    [Fact]
    public async Task Record_OkUpload_ExposesEveryStorageMetricOfTheCheck()
    {
        _scrape.Metrics.Record(SampleResults.Storage() with { ThroughputBytesPerSecond = 8_388_608 });

        Assert.Equal([$"lakemon_probe_success{{{UploadLabels}}} 1"], await _scrape.SamplesAsync("lakemon_probe_success"));
        Assert.Equal([$"lakemon_probe_status{{{UploadLabels}}} 0"], await _scrape.SamplesAsync("lakemon_probe_status"));
        Assert.Equal([$"lakemon_probe_throughput_bytes_per_second{{{UploadLabels}}} 8388608"],
            await _scrape.SamplesAsync("lakemon_probe_throughput_bytes_per_second"));
        // Started 04:23:51.123, took 1.25 s: the result is known when the probe ends.
        Assert.Equal([$"lakemon_probe_last_timestamp_seconds{{{UploadLabels}}} 1795926232.373"],
            await _scrape.SamplesAsync("lakemon_probe_last_timestamp_seconds"));
        Assert.Equal([$"lakemon_probe_results_total{{{UploadLabels},status=\"OK\",failure_kind=\"\"}} 1"],
            await _scrape.SamplesAsync("lakemon_probe_results_total"));
    }

    [Fact]
    public async Task Record_Warning_CountsAsSuccessWithStatusOne()
    {
        _scrape.Metrics.Record(SampleResults.Storage(status: ProbeStatus.Warning));

        Assert.Equal([$"lakemon_probe_success{{{UploadLabels}}} 1"], await _scrape.SamplesAsync("lakemon_probe_success"));
        Assert.Equal([$"lakemon_probe_status{{{UploadLabels}}} 1"], await _scrape.SamplesAsync("lakemon_probe_status"));
    }

    [Fact]
    public async Task Record_CriticalRead_SuccessZeroAndFailureKindLabelled()
    {
        _scrape.Metrics.Record(SampleResults.Full());

        Assert.Equal([$"lakemon_probe_success{{{ReadLabels}}} 0"], await _scrape.SamplesAsync("lakemon_probe_success"));
        Assert.Equal([$"lakemon_probe_status{{{ReadLabels}}} 2"], await _scrape.SamplesAsync("lakemon_probe_status"));
        Assert.Equal([$"lakemon_probe_results_total{{{ReadLabels},status=\"CRITICAL\",failure_kind=\"checksum_mismatch\"}} 1"],
            await _scrape.SamplesAsync("lakemon_probe_results_total"));
    }

    [Fact]
    public async Task Record_UnknownResult_StatusThreeWithoutSuccessSample()
    {
        _scrape.Metrics.Record(SampleResults.Storage(operation: ProbeOperation.Read, status: ProbeStatus.Unknown, failure: FailureKind.PrerequisiteFailed));

        Assert.Empty(await _scrape.SamplesAsync("lakemon_probe_success"));
        Assert.Equal([$"lakemon_probe_status{{{ReadLabels}}} 3"], await _scrape.SamplesAsync("lakemon_probe_status"));
        Assert.Equal([$"lakemon_probe_results_total{{{ReadLabels},status=\"UNKNOWN\",failure_kind=\"prerequisite_failed\"}} 1"],
            await _scrape.SamplesAsync("lakemon_probe_results_total"));
    }

    [Fact]
    public async Task Scrape_LastResultOlderThanFreshness_StatusThreeWithoutSuccessOrThroughput()
    {
        var result = SampleResults.Storage() with { ThroughputBytesPerSecond = 1000 };
        _scrape.Metrics.Record(result);
        var completed = result.StartedAt + result.Duration;

        _scrape.Time.SetUtcNow(completed + MetricsScrape.StorageFreshness);
        Assert.Equal([$"lakemon_probe_status{{{UploadLabels}}} 0"], await _scrape.SamplesAsync("lakemon_probe_status"));
        Assert.Single(await _scrape.SamplesAsync("lakemon_probe_success"));

        _scrape.Time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal([$"lakemon_probe_status{{{UploadLabels}}} 3"], await _scrape.SamplesAsync("lakemon_probe_status"));
        Assert.Empty(await _scrape.SamplesAsync("lakemon_probe_success"));
        Assert.Empty(await _scrape.SamplesAsync("lakemon_probe_throughput_bytes_per_second"));
        // The age of the last result is what explains the UNKNOWN, so it stays.
        Assert.Equal([$"lakemon_probe_last_timestamp_seconds{{{UploadLabels}}} 1795926232.373"],
            await _scrape.SamplesAsync("lakemon_probe_last_timestamp_seconds"));
        Assert.DoesNotContain("lakemon_probe_success{", await _scrape.TextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Record_FreshResultAfterStaleness_BringsSuccessBack()
    {
        _scrape.Metrics.Record(SampleResults.Storage());
        _scrape.Time.Advance(TimeSpan.FromHours(1));
        Assert.Empty(await _scrape.SamplesAsync("lakemon_probe_success"));

        _scrape.Metrics.Record(SampleResults.Storage(status: ProbeStatus.Critical, failure: FailureKind.Timeout) with { StartedAt = _scrape.Time.GetUtcNow() });

        Assert.Equal([$"lakemon_probe_success{{{UploadLabels}}} 0"], await _scrape.SamplesAsync("lakemon_probe_success"));
        Assert.Equal([$"lakemon_probe_status{{{UploadLabels}}} 2"], await _scrape.SamplesAsync("lakemon_probe_status"));
    }

    [Fact]
    public async Task Scrape_TransferOlderThanStorageFreshness_StaysFreshUntilTransferFreshness()
    {
        var transfer = SampleResults.Transfer(mode: TpcMode.HttpPull);
        _scrape.Metrics.Record(transfer);
        var completed = transfer.StartedAt + transfer.Duration;

        _scrape.Time.SetUtcNow(completed + MetricsScrape.TransferFreshness);
        Assert.Equal([$"lakemon_transfer_status{{{PullLabels}}} 0"], await _scrape.SamplesAsync("lakemon_transfer_status"));
        Assert.Equal([$"lakemon_transfer_success{{{PullLabels}}} 1"], await _scrape.SamplesAsync("lakemon_transfer_success"));

        _scrape.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal([$"lakemon_transfer_status{{{PullLabels}}} 3"], await _scrape.SamplesAsync("lakemon_transfer_status"));
        Assert.Empty(await _scrape.SamplesAsync("lakemon_transfer_success"));
    }

    [Fact]
    public async Task Record_Transfer_ExposesTheTransferFamilyOnly()
    {
        _scrape.Metrics.Record(SampleResults.Transfer(mode: TpcMode.HttpPull) with { ThroughputBytesPerSecond = 2.5e8 });

        Assert.Equal([$"lakemon_transfer_success{{{PullLabels}}} 1"], await _scrape.SamplesAsync("lakemon_transfer_success"));
        Assert.Equal([$"lakemon_transfer_status{{{PullLabels}}} 0"], await _scrape.SamplesAsync("lakemon_transfer_status"));
        Assert.Equal([$"lakemon_transfer_throughput_bytes_per_second{{{PullLabels}}} 250000000"],
            await _scrape.SamplesAsync("lakemon_transfer_throughput_bytes_per_second"));
        Assert.Equal([$"lakemon_transfer_duration_seconds_count{{{PullLabels}}} 1"], await _scrape.SamplesAsync("lakemon_transfer_duration_seconds_count"));
        Assert.DoesNotContain("lakemon_probe_", await _scrape.TextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Record_OlderResultArrivingLate_CountsButKeepsTheNewerStatus()
    {
        var newer = SampleResults.Storage(status: ProbeStatus.Critical, failure: FailureKind.Connect);
        var older = SampleResults.Storage() with { StartedAt = newer.StartedAt.AddMinutes(-15) };

        _scrape.Metrics.Record(newer);
        _scrape.Metrics.Record(older);

        Assert.Equal([$"lakemon_probe_status{{{UploadLabels}}} 2"], await _scrape.SamplesAsync("lakemon_probe_status"));
        Assert.Equal(
            [
                $"lakemon_probe_results_total{{{UploadLabels},status=\"CRITICAL\",failure_kind=\"connect\"}} 1",
                $"lakemon_probe_results_total{{{UploadLabels},status=\"OK\",failure_kind=\"\"}} 1",
            ],
            (await _scrape.SamplesAsync("lakemon_probe_results_total")).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Record_CriticalResultsInARow_CountedUntilAnOkAndUnknownNeitherCountsNorResets()
    {
        var start = SampleResults.Storage().StartedAt;
        ProbeResult At(int minute, ProbeStatus status) => SampleResults.Storage(status: status,
            failure: status == ProbeStatus.Ok ? null : status == ProbeStatus.Unknown ? FailureKind.ProbeError : FailureKind.Connect)
            with { StartedAt = start.AddMinutes(minute), Id = $"r{minute}" };
        async Task<string> Failures() => Assert.Single(await _scrape.SamplesAsync("lakemon_probe_consecutive_failures"));

        _scrape.Metrics.Record(At(0, ProbeStatus.Critical));
        _scrape.Metrics.Record(At(1, ProbeStatus.Critical));
        Assert.Equal($"lakemon_probe_consecutive_failures{{{UploadLabels}}} 2", await Failures());
        _scrape.Metrics.Record(At(2, ProbeStatus.Unknown));
        _scrape.Metrics.Record(At(3, ProbeStatus.Critical));
        Assert.Equal($"lakemon_probe_consecutive_failures{{{UploadLabels}}} 3", await Failures());
        // A late resend of an older result changes nothing.
        _scrape.Metrics.Record(At(-5, ProbeStatus.Ok));
        Assert.Equal($"lakemon_probe_consecutive_failures{{{UploadLabels}}} 3", await Failures());
        _scrape.Metrics.Record(At(4, ProbeStatus.Warning));
        Assert.Equal($"lakemon_probe_consecutive_failures{{{UploadLabels}}} 0", await Failures());
    }

    [Fact]
    public async Task Record_ResultWithPhases_ExposesEachPhaseOfTheLastResultWhileFresh()
    {
        _scrape.Metrics.Record(SampleResults.Transfer(mode: TpcMode.HttpPull) with
        {
            Phases = [new("connect", TimeSpan.FromMilliseconds(5)), new("tpc_wait", TimeSpan.FromSeconds(2.5))],
        });

        Assert.Equal(
            [
                $"lakemon_transfer_phase_seconds{{{PullLabels},phase=\"connect\"}} 0.005",
                $"lakemon_transfer_phase_seconds{{{PullLabels},phase=\"tpc_wait\"}} 2.5",
            ],
            (await _scrape.SamplesAsync("lakemon_transfer_phase_seconds")).Order(StringComparer.Ordinal).ToList());
        _scrape.Time.Advance(TimeSpan.FromHours(3));
        Assert.Empty(await _scrape.SamplesAsync("lakemon_transfer_phase_seconds"));
    }

    [Fact]
    public async Task Record_StorageAndTransferResults_RseInfoNamesTheSiteOfEveryRse()
    {
        _scrape.Metrics.Record(SampleResults.Storage());
        _scrape.Metrics.Record(SampleResults.Transfer());

        Assert.Equal(
            ["lakemon_rse_info{rse=\"LAKE-A\",site=\"LOCAL-1\"} 1", "lakemon_rse_info{rse=\"LAKE-B\",site=\"LOCAL-2\"} 1"],
            (await _scrape.SamplesAsync("lakemon_rse_info")).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Record_RehearsalResults_CountedApartAndTheCheckKeepsItsMonitoringStatus()
    {
        var monitoring = SampleResults.Storage();
        _scrape.Metrics.Record(monitoring);
        _scrape.Metrics.Record(monitoring with { Id = "load-1", Kind = RunKind.Challenge, Status = ProbeStatus.Critical, FailureKind = FailureKind.Timeout, StartedAt = monitoring.StartedAt.AddSeconds(10) });
        _scrape.Metrics.Record(monitoring with { Id = "load-2", Kind = RunKind.Challenge, Bytes = 1000, StartedAt = monitoring.StartedAt.AddSeconds(11) });
        _scrape.Metrics.Record(SampleResults.Transfer() with { Id = "load-3", Kind = RunKind.Challenge, Bytes = 24 });

        Assert.Equal([$"lakemon_probe_status{{{UploadLabels}}} 0"], await _scrape.SamplesAsync("lakemon_probe_status"));
        Assert.Equal([$"lakemon_probe_results_total{{{UploadLabels},status=\"OK\",failure_kind=\"\"}} 1"], await _scrape.SamplesAsync("lakemon_probe_results_total"));
        Assert.Empty(await _scrape.SamplesAsync("lakemon_transfer_status"));
        Assert.Equal(
            [
                "lakemon_challenge_results_total{operation=\"tpc\",status=\"OK\"} 1",
                "lakemon_challenge_results_total{operation=\"upload\",status=\"CRITICAL\"} 1",
                "lakemon_challenge_results_total{operation=\"upload\",status=\"OK\"} 1",
            ],
            (await _scrape.SamplesAsync("lakemon_challenge_results_total")).Order(StringComparer.Ordinal));
        Assert.Equal(
            ["lakemon_challenge_bytes_total{operation=\"tpc\"} 24", "lakemon_challenge_bytes_total{operation=\"upload\"} 1000"],
            (await _scrape.SamplesAsync("lakemon_challenge_bytes_total")).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Record_ThroughputOfStatOrDelete_IsNotExposed()
    {
        _scrape.Metrics.Record(SampleResults.Storage(operation: ProbeOperation.Stat) with { ThroughputBytesPerSecond = 5 });
        _scrape.Metrics.Record(SampleResults.Storage(operation: ProbeOperation.Read) with { ThroughputBytesPerSecond = 7 });

        Assert.Equal([$"lakemon_probe_throughput_bytes_per_second{{{ReadLabels}}} 7"],
            await _scrape.SamplesAsync("lakemon_probe_throughput_bytes_per_second"));
    }

    [Fact]
    public async Task Record_Duration_FillsTheAdvisedHistogramBuckets()
    {
        _scrape.Metrics.Record(SampleResults.Storage(seconds: 1.25));
        _scrape.Metrics.Record(SampleResults.Storage(seconds: 0.02));

        var buckets = await _scrape.SamplesAsync("lakemon_probe_duration_seconds_bucket");
        Assert.Equal(
            [
                $"lakemon_probe_duration_seconds_bucket{{{UploadLabels},le=\"0.01\"}} 0",
                $"lakemon_probe_duration_seconds_bucket{{{UploadLabels},le=\"0.025\"}} 1",
                $"lakemon_probe_duration_seconds_bucket{{{UploadLabels},le=\"1\"}} 1",
                $"lakemon_probe_duration_seconds_bucket{{{UploadLabels},le=\"2.5\"}} 2",
                $"lakemon_probe_duration_seconds_bucket{{{UploadLabels},le=\"300\"}} 2",
                $"lakemon_probe_duration_seconds_bucket{{{UploadLabels},le=\"+Inf\"}} 2",
            ],
            buckets.Where(line => Regex.IsMatch(line, @"le=""(0\.01|0\.025|1|2\.5|300|\+Inf)""")));
        Assert.Equal(14, buckets.Length);
        Assert.Equal([$"lakemon_probe_duration_seconds_sum{{{UploadLabels}}} 1.27"], await _scrape.SamplesAsync("lakemon_probe_duration_seconds_sum"));
        Assert.Equal([$"lakemon_probe_duration_seconds_count{{{UploadLabels}}} 2"], await _scrape.SamplesAsync("lakemon_probe_duration_seconds_count"));
    }

    [Theory]
    [InlineData("lakemon_probe_success", "gauge")]
    [InlineData("lakemon_probe_status", "gauge")]
    [InlineData("lakemon_probe_duration_seconds", "histogram")]
    [InlineData("lakemon_probe_results_total", "counter")]
    [InlineData("lakemon_probe_throughput_bytes_per_second", "gauge")]
    [InlineData("lakemon_probe_last_timestamp_seconds", "gauge")]
    [InlineData("lakemon_transfer_success", "gauge")]
    [InlineData("lakemon_transfer_status", "gauge")]
    [InlineData("lakemon_transfer_duration_seconds", "histogram")]
    [InlineData("lakemon_transfer_throughput_bytes_per_second", "gauge")]
    public async Task Scrape_EveryContractMetric_HasItsTypeAndHelp(string metric, string type)
    {
        _scrape.Metrics.Record(SampleResults.Storage(operation: ProbeOperation.Read) with { ThroughputBytesPerSecond = 1, Phases = [new("open", TimeSpan.FromSeconds(1))] });
        _scrape.Metrics.Record(SampleResults.Transfer() with { ThroughputBytesPerSecond = 1, Phases = [new("tpc_wait", TimeSpan.FromSeconds(1))] });

        var lines = (await _scrape.TextAsync()).Split('\n');

        Assert.Contains($"# TYPE {metric} {type}", lines);
        var help = Assert.Single(lines, line => line.StartsWith($"# HELP {metric} ", StringComparison.Ordinal));
        Assert.True(help.Length > $"# HELP {metric} ".Length + 20, help);
    }

    [Fact]
    public async Task Scrape_MetricNames_AreExactlyTheContractsStorageAndTransferNames()
    {
        _scrape.Metrics.Record(SampleResults.Storage(operation: ProbeOperation.Read) with { ThroughputBytesPerSecond = 1, Phases = [new("open", TimeSpan.FromSeconds(1))] });
        _scrape.Metrics.Record(SampleResults.Transfer() with { ThroughputBytesPerSecond = 1, Phases = [new("tpc_wait", TimeSpan.FromSeconds(1))] });

        var families = (await _scrape.TextAsync()).Split('\n')
            .Where(line => line.StartsWith("# TYPE ", StringComparison.Ordinal)).Select(line => line.Split(' ')[2]).Order(StringComparer.Ordinal);

        Assert.Equal(
            [
                "lakemon_probe_consecutive_failures", "lakemon_probe_duration_seconds", "lakemon_probe_last_timestamp_seconds",
                "lakemon_probe_phase_seconds", "lakemon_probe_results_total",
                "lakemon_probe_status", "lakemon_probe_success", "lakemon_probe_throughput_bytes_per_second",
                "lakemon_rse_info",
                "lakemon_transfer_consecutive_failures", "lakemon_transfer_duration_seconds", "lakemon_transfer_last_timestamp_seconds",
                "lakemon_transfer_phase_seconds", "lakemon_transfer_status", "lakemon_transfer_success",
                "lakemon_transfer_throughput_bytes_per_second",
            ],
            families);
    }

    [Fact]
    public async Task Scrape_ResultsFullOfHighCardinalityText_UseOnlyTheContractsLabels()
    {
        const string url = "https://127.0.0.1:8443/lake/lakemon-probes/20261129T042351Z-3fa91c/probe-1795926231123.bin?authz=abc";
        _scrape.Metrics.Record(SampleResults.Full() with { Message = $"GET {url} answered 500" });
        _scrape.Metrics.Record(SampleResults.Transfer(status: ProbeStatus.Critical, failure: FailureKind.TpcFailed, message: $"failure: {url}"));
        _scrape.Metrics.Record(SampleResults.Storage(status: ProbeStatus.Unknown, failure: FailureKind.ProbeError, message: "System.NullReferenceException"));

        var text = await _scrape.TextAsync();
        var labels = LabelName().Matches(text).Select(match => match.Groups[1].Value).ToHashSet();

        Assert.Subset(
            new HashSet<string> { "rse", "site", "protocol", "operation", "src_rse", "dst_rse", "tpc_mode", "status", "failure_kind", "phase", "le" },
            labels);
        Assert.DoesNotContain(SampleResults.RunId, text, StringComparison.Ordinal);
        Assert.DoesNotContain("lakemon-probes", text, StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.1", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
        Assert.DoesNotContain("0196f7c2a1b34c5d8e9f0a1b2c3d4e5f", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Record_StorageMatrix_OneSeriesPerCheck()
    {
        foreach (var rse in new[] { "LAKE-A", "LAKE-B" })
        {
            foreach (var protocol in new[] { "root", "https", "http" })
            {
                foreach (var operation in ProbeOperations.StorageLifecycle)
                {
                    _scrape.Metrics.Record(SampleResults.Storage(rse, protocol, operation));
                    _scrape.Metrics.Record(SampleResults.Storage(rse, protocol, operation));
                }
            }
        }

        Assert.Equal(2 * 3 * 6, (await _scrape.SamplesAsync("lakemon_probe_success")).Distinct().Count());
        Assert.All(await _scrape.SamplesAsync("lakemon_probe_results_total"), line => Assert.EndsWith("} 2", line, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Record_WhileScrapesRun_LosesNoResult()
    {
        using var done = new CancellationTokenSource();
        var scraping = Task.Run(async () =>
        {
            while (!done.IsCancellationRequested)
            {
                await _scrape.TextAsync();
            }
        });
        Parallel.For(0, 4000, i => _scrape.Metrics.Record(SampleResults.Storage($"RSE-{i % 40}", operation: ProbeOperations.StorageLifecycle[i / 40 % 6])));
        await done.CancelAsync();
        await scraping;

        var counts = await _scrape.SamplesAsync("lakemon_probe_results_total");
        Assert.Equal(4000, counts.Sum(line => int.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(40 * 6, (await _scrape.SamplesAsync("lakemon_probe_status")).Length);
    }

    [Fact]
    public void Record_ResultWithoutTarget_Throws()
    {
        var orphan = SampleResults.Storage() with { Rse = null };

        Assert.Throws<ArgumentException>(() => _scrape.Metrics.Record(orphan));
    }

    [Fact]
    public void ForIntervals_FreshnessIsTwoIntervals()
    {
        var options = LakemonMetricsOptions.ForIntervals(TimeSpan.FromMinutes(15), TimeSpan.FromHours(1));

        Assert.Equal(TimeSpan.FromMinutes(30), options.StorageFreshness);
        Assert.Equal(TimeSpan.FromHours(2), options.TransferFreshness);
        Assert.Equal(options, new LakemonMetricsOptions());
    }

    [Fact]
    public void Constructor_ZeroFreshness_Throws()
    {
        var options = new LakemonMetricsOptions { TransferFreshness = TimeSpan.Zero };

        Assert.Throws<ArgumentOutOfRangeException>(() => new LakemonMetrics(options));
    }

    [GeneratedRegex(@"[{,]([a-z_]+)=""[^""]*""")]
    private static partial Regex LabelName();
}
