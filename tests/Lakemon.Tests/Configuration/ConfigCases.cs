namespace Lakemon.Tests.Configuration;

/// <summary>
/// The config-cases directory copied next to the test assembly. Cases are loaded with the display path
/// "config-cases/NAME.yaml", which is what the .expected files contain.
/// </summary>
internal static class ConfigCases
{
    public const string DirectoryName = "config-cases";

    public static string FullPath(string name) => Path.Combine(AppContext.BaseDirectory, DirectoryName, name);

    public static string DisplayPath(string name) => $"{DirectoryName}/{name}";

    public static IEnumerable<string> Names(string pattern) =>
        Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, DirectoryName), pattern)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Order(StringComparer.Ordinal);
}
