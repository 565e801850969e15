namespace Lakemon.Tests.Spooling;

/// <summary>Runs a drain that cannot finish (its target refuses or is away) until the test has seen what it waits for,
/// then cancels it: a fixed short budget would fail on a loaded machine before the first attempt was even answered.</summary>
internal static class Draining
{
    public static async Task<bool> UntilAsync(Func<CancellationToken, Task<bool>> drain, Func<bool> seen)
    {
        using var budget = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var running = drain(budget.Token);
        while (!seen() && !running.IsCompleted && !budget.IsCancellationRequested)
        {
            await Task.Delay(20);
        }
        await budget.CancelAsync();
        return await running;
    }
}
