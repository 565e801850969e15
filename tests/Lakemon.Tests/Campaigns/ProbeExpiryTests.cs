using Lakemon.Probes.Campaigns;
using Lakemon.Probes.Storage;

namespace Lakemon.Tests.Campaigns;

public sealed class ProbeExpiryTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    [Theory]
    // The stamp decides, whatever the mtime says.
    [InlineData("20261127T120000Z-3fa91c", 0, true)]
    [InlineData("20261129T105959Z-3fa91c", 0, true)]
    [InlineData("20261129T110000Z-3fa91c", -3000, false)]
    [InlineData("20261129T113000Z-3fa91c", -3000, false)]
    [InlineData("20261127T120000Z-root-1024-ab12cd34.bin", 0, true)]
    // No stamp: the mtime decides.
    [InlineData("leftover.bin", -7200, true)]
    [InlineData("leftover.bin", -60, false)]
    [InlineData("2026-11-27", -60, false)]
    public void IsExpired_ByStampElseMtime_ComparesAgeWithLifetime(string name, int mtimeSecondsFromNow, bool expected)
    {
        var entry = new StorageEntry(name, false, 1, Now.AddSeconds(mtimeSecondsFromNow));

        Assert.Equal(expected, ProbeExpiry.IsExpired(entry, Now, Hour));
    }

    [Fact]
    public void IsExpired_WithAgeExactlyTheLifetime_IsKept()
    {
        var entry = new StorageEntry("20261129T110000Z-3fa91c", true, null, null);

        Assert.False(ProbeExpiry.IsExpired(entry, Now, Hour));
    }

    [Fact]
    public void IsExpired_WithNeitherStampNorMtime_IsKept()
    {
        Assert.False(ProbeExpiry.IsExpired(new StorageEntry("mystery", true, null, null), Now, Hour));
    }

    [Theory]
    [InlineData("mystery", null)]
    [InlineData("20261129T120000Z-3fa91c", null)]
    [InlineData("20261130T120000Z-from-a-fast-clock", null)]
    [InlineData("young.bin", 0)]
    public void IsExpired_WithZeroLifetime_TakesEverything(string name, int? mtimeSecondsFromNow)
    {
        var entry = new StorageEntry(name, false, 1, mtimeSecondsFromNow is { } s ? Now.AddSeconds(s) : null);

        Assert.True(ProbeExpiry.IsExpired(entry, Now, TimeSpan.Zero));
    }

    [Theory]
    [InlineData("20261127T120000Z-root-1024-ab12cd34.bin", 3600, true)]
    [InlineData("20261129T115000Z-root-1024-ab12cd34.bin", 3600, false)]
    [InlineData("20261129T115000Z-root-1024-ab12cd34.bin", 0, true)]
    // Inside a young run only a stamp can condemn a file: no stamp, no deletion, even with a zero lifetime.
    [InlineData("notes.txt", 3600, false)]
    [InlineData("notes.txt", 0, false)]
    public void IsExpiredByStamp_OnlyTheStampCounts(string name, int lifetimeSeconds, bool expected)
    {
        Assert.Equal(expected, ProbeExpiry.IsExpiredByStamp(name, Now, TimeSpan.FromSeconds(lifetimeSeconds)));
    }
}
