namespace Lakemon.IntegrationTests.Support;

/// <summary>Fresh directories under the run directory of ./test.sh (or /tmp), reachable by user xrootd.</summary>
public static class TestDirectories
{
    public static string Create(string purpose)
    {
        var root = Environment.GetEnvironmentVariable("LAKEMON_TEST_RUN_DIR");
        if (string.IsNullOrEmpty(root))
        {
            root = Path.GetTempPath();
        }
        var path = Path.Combine(root, $"{purpose}-{Guid.NewGuid():N}"[..(purpose.Length + 13)]);
        Directory.CreateDirectory(path);
        File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
        return path;
    }
}
