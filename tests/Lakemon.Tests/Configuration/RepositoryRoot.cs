namespace Lakemon.Tests.Configuration;

/// <summary>Finds the checkout (the directory holding Monitoring.sln) so tests can read shipped files such as config/.</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "Monitoring.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"no Monitoring.sln above {AppContext.BaseDirectory}");
    }
}
