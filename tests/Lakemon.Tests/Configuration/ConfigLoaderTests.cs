using Lakemon.Probes.Configuration;
using Lakemon.Probes.Results;

namespace Lakemon.Tests.Configuration;

public class ConfigLoaderTests
{
    private const string Minimal = """
        sites:
          - name: S
        rses:
          - name: R
            site: S
            protocols:
              - scheme: file
                prefix: file:///srv/lake
        credentials:
          c:
            ca_file: ca.pem
        """;

    [Fact]
    public void Load_ShippedExample_IsValid()
    {
        var result = ConfigLoader.Load(Path.Combine(RepositoryRoot.Path, "config", "lakemon.example.yaml"));

        Assert.Empty(result.Errors);
        Assert.NotNull(result.Options);
    }

    [Fact]
    public void Load_ShippedExample_BindsItsProbeModules()
    {
        var probes = ConfigLoader.Load(Path.Combine(RepositoryRoot.Path, "config", "lakemon.example.yaml")).Options!.Probes;

        Assert.Equal(16, probes.MaxConcurrent);
        Assert.Equal(new ProbeModuleOptions(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(5), 0), probes.ModuleFor(ProbeOperation.Upload));
        Assert.Equal(new ProbeModuleOptions(TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(30), 0), probes.ModuleFor(ProbeOperation.Tpc));
        Assert.Equal(new ProbeModuleOptions(TimeSpan.FromSeconds(60), null, 0), probes.ModuleFor(ProbeOperation.Stat));
    }

    [Fact]
    public void Parse_ModuleWithoutTimeout_InheritsProbesTimeout()
    {
        var result = ConfigLoader.Parse(Minimal + "\nprobes:\n  timeout: 45s\n  modules:\n    read: { warn: 10s, retries: 3 }\n", "f");

        var probes = result.Options!.Probes;
        Assert.Equal(new ProbeModuleOptions(TimeSpan.FromSeconds(45), TimeSpan.FromSeconds(10), 3), probes.ModuleFor(ProbeOperation.Read));
        Assert.Equal(new ProbeModuleOptions(TimeSpan.FromSeconds(45), null, 0), probes.ModuleFor(ProbeOperation.Delete));
    }

    [Fact]
    public void Parse_InvalidProbesTimeout_DoesNotJudgeInheritingWarnAgainstAGuess()
    {
        var result = ConfigLoader.Parse(Minimal + "\nprobes:\n  timeout: 0s\n  modules:\n    read: { warn: 90s }\n", "f");

        Assert.Equal(["f:13: probes.timeout: duration must be positive"], result.Errors.Select(error => error.ToString()));
    }

    [Theory]
    [InlineData("-3", "must be at least 1, got -3")]
    [InlineData("sixteen", "expected an integer, got 'sixteen'")]
    [InlineData("[4]", "expected a scalar, got a list")]
    public void Parse_InvalidMaxConcurrent_SaysWhy(string value, string expected)
    {
        var result = ConfigLoader.Parse(Minimal + $"\nprobes:\n  max_concurrent: {value}\n", "f");

        Assert.Equal([$"f:13: probes.max_concurrent: {expected}"], result.Errors.Select(error => error.ToString()));
    }

    [Fact]
    public void Load_MissingFile_ReportsOneErrorAtLineZero()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "no-such-dir", "lakemon.yaml");

        var result = ConfigLoader.Load(path);

        var error = Assert.Single(result.Errors);
        Assert.Equal(new ConfigError(path, 0, "file", "cannot read: file not found"), error);
        Assert.Null(result.Options);
    }

    [Fact]
    public void Load_RelativePaths_ResolveAgainstTheFilesDirectory()
    {
        var path = ConfigCases.FullPath("valid-full.yaml");

        var result = ConfigLoader.Load(path);

        Assert.Equal(Path.Combine(Path.GetDirectoryName(path)!, "ca"), result.Options!.Credentials["lake"].CaDirectory);
    }

    [Fact]
    public void Parse_NoBaseDirectory_KeepsRelativePathsAsWritten()
    {
        var result = ConfigLoader.Parse(Minimal, "x.yaml");

        Assert.Equal("ca.pem", result.Options!.Credentials["c"].CaFile);
    }

    [Fact]
    public void Parse_DisplayPath_IsUsedVerbatimInErrors()
    {
        var result = ConfigLoader.Parse("sites: []\n", "../odd/path.yaml");

        Assert.All(result.Errors, error => Assert.Equal("../odd/path.yaml", error.File));
        Assert.Equal(
            ["../odd/path.yaml:1: sites: must list at least one site", "../odd/path.yaml:1: rses: missing required key 'rses'"],
            result.Errors.Select(error => error.ToString()));
    }

    [Theory]
    [InlineData("sites:\n  - name: S\n    nam: x\n", "sites[0].nam: unknown key 'nam' (did you mean 'name'?)")]
    [InlineData("sites:\n  - name: S\n    Name: x\n", "sites[0].Name: unknown key 'Name' (did you mean 'name'?)")]
    [InlineData("sites:\n  - name: S\n    colour: x\n", "sites[0].colour: unknown key 'colour'")]
    public void Parse_UnknownKey_SuggestsCloseKnownKey(string yaml, string expected)
    {
        var result = ConfigLoader.Parse(yaml, "f");

        Assert.Contains(expected, result.Errors.Select(error => $"{error.Key}: {error.Message}"));
    }

    [Theory]
    [InlineData("LAKE-A", "LAKE-B", 1)]
    [InlineData("LAKE-A", "lake-a", 0)]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("", "abc", 3)]
    public void Distance_Pairs_IsLevenshtein(string a, string b, int expected) =>
        Assert.Equal(expected, KeySuggestion.Distance(a.ToLowerInvariant(), b.ToLowerInvariant()));

    [Fact]
    public void ConfigError_ToString_IsFileLineKeyMessage() =>
        Assert.Equal("a.yaml:3: rses[0].name: bad", new ConfigError("a.yaml", 3, "rses[0].name", "bad").ToString());
}
