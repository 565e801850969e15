using Lakemon.Collector.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Lakemon.Tests.Collector;

public sealed class RetentionServiceTests
{
    [Fact]
    public async Task Start_ResultsOlderThanTheRetention_AreDeletedAndYoungerOnesKept()
    {
        var now = new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);
        var time = new FakeTimeProvider(now);
        var store = new MemoryResultStore();
        var results = ResultShipperTests.Results("r", 3).Select((r, i) => r with { StartedAt = now - TimeSpan.FromDays(new[] { 100, 89, 1 }[i]) }).ToList();
        await store.AddAsync(results, default);
        using var service = new RetentionService(store, TimeSpan.FromDays(90), time, NullLogger<RetentionService>.Instance);

        await service.StartAsync(default);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (await store.CountAsync(default) == 3 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }
        await service.StopAsync(default);

        var kept = new List<string>();
        await foreach (var result in store.QueryAsync(new(), default))
        {
            kept.Add(result.Id);
        }
        Assert.Equal(["r-1", "r-2"], kept);
    }
}
