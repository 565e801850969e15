using Lakemon.Probes.Storage;
using Microsoft.Extensions.Time.Testing;

namespace Lakemon.Tests.Storage;

public class PhaseRecorderTests
{
    [Fact]
    public void Start_PhasesEnteredInOrder_AreKeptInOrderAndAccumulate()
    {
        var time = new FakeTimeProvider();
        var phases = new PhaseRecorder(time);

        using (phases.Start(PhaseNames.Connect))
        {
            time.Advance(TimeSpan.FromMilliseconds(30));
        }
        using (phases.Start(PhaseNames.Transfer))
        {
            time.Advance(TimeSpan.FromMilliseconds(200));
        }
        using (phases.Start(PhaseNames.Connect))
        {
            time.Advance(TimeSpan.FromMilliseconds(5));
        }

        Assert.Equal([PhaseNames.Connect, PhaseNames.Transfer], phases.Snapshot().Select(p => p.Key));
        Assert.Equal(TimeSpan.FromMilliseconds(35), phases[PhaseNames.Connect]);
        Assert.Equal(TimeSpan.FromMilliseconds(200), phases[PhaseNames.Transfer]);
        Assert.Null(phases[PhaseNames.Tls]);
    }

    [Fact]
    public async Task TimeAsync_WhenTheActionThrows_StillRecordsThePhase()
    {
        var time = new FakeTimeProvider();
        var phases = new PhaseRecorder(time);

        await Assert.ThrowsAsync<InvalidOperationException>(() => phases.TimeAsync(PhaseNames.Request, async () =>
        {
            time.Advance(TimeSpan.FromSeconds(2));
            await Task.Yield();
            throw new InvalidOperationException("boom");
        }));

        Assert.Equal(TimeSpan.FromSeconds(2), phases[PhaseNames.Request]);
    }
}
