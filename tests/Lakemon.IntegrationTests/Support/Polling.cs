namespace Lakemon.IntegrationTests.Support;

/// <summary>Waiting for a condition instead of sleeping (CONVENTIONS: no sleeps in tests).</summary>
public static class Polling
{
    /// <summary>Reads until <paramref name="done"/> holds or <paramref name="timeout"/> is up; answers the last read
    /// either way, so that the test asserts on what it saw rather than on a timeout.</summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(done);
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var value = await read();
            if (done(value) || DateTime.UtcNow > deadline)
            {
                return value;
            }
            await Task.Delay(200);
        }
    }
}
