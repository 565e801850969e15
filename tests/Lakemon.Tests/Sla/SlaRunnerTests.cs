using System.Text.Json;
using Lakemon.Collector.Metrics;
using Lakemon.Collector.Sla;
using Lakemon.Probes.Configuration;
using Lakemon.Probes.Results;
using Lakemon.Tests.Collector;
using Lakemon.Tests.Results;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Lakemon.Tests.Sla;

public sealed class SlaRunnerTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("lakemon-sla-runner-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public async Task WriteReportAsync_AfterMidnight_WritesYesterdaysMonthInEachFormat()
    {
        // 00:15 on 3 October: the report is 1–2 October. LAKE-A is OK every hour of both days (hourly slices, 2 h
        // freshness): A = 1 each day and for the month.
        var store = new MemoryResultStore();
        var october1 = new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);
        await store.AddAsync([.. Enumerable.Range(0, 48).Select(h => SampleResults.Storage(operation: ProbeOperation.Read) with
        {
            Id = $"r{h}", StartedAt = october1.AddHours(h),
        })], default);
        var options = SlaOptions.Defaults(null) with
        {
            Slice = TimeSpan.FromHours(1),
            Report = new SlaReportOptions(SlaReportOptions.DefaultSchedule, directory, [SlaReportFormat.Json, SlaReportFormat.Csv]),
        };
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 10, 3, 0, 15, 0, TimeSpan.Zero));
        using var metrics = new LakemonMetrics(new LakemonMetricsOptions());
        var runner = new SlaRunner(new SlaCalculator(options, [], TimeSpan.FromHours(2), []), store, metrics, time, NullLogger<SlaRunner>.Instance);

        await runner.WriteReportAsync(default);

        Assert.Equal(["sla-2026-10.csv", "sla-2026-10.json"], Directory.GetFiles(directory).Select(Path.GetFileName).Order());
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(directory, "sla-2026-10.json")));
        Assert.Equal("2026-10-02", json.RootElement.GetProperty("to").GetString());
        var month = json.RootElement.GetProperty("rses")[0].GetProperty("monthly")[0];
        Assert.Equal((2, 1.0), (month.GetProperty("days").GetInt32(), month.GetProperty("availability").GetDouble()));
    }
}
