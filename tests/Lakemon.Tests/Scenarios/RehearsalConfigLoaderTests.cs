using Lakemon.Scenarios.Configuration;

namespace Lakemon.Tests.Scenarios;

public sealed class RehearsalConfigLoaderTests : IDisposable
{
    private const string Lake = """
        sites:
          - name: S1
          - name: S2
        rses:
          - name: A
            site: S1
            protocols:
              - scheme: https
                prefix: https://127.0.0.1:1/lake
          - name: B
            site: S2
            protocols:
              - scheme: https
                prefix: https://127.0.0.1:2/lake
              - scheme: root
                prefix: root://127.0.0.1:2//lake
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("lakemon-rehearsal-").FullName;

    public RehearsalConfigLoaderTests() => File.WriteAllText(Path.Combine(_dir, "lakemon.yaml"), Lake);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private RehearsalLoadResult Load(string yaml)
    {
        var path = Path.Combine(_dir, "rehearsal.yaml");
        File.WriteAllText(path, yaml);
        return RehearsalConfigLoader.Load(path);
    }

    private string File_ => Path.Combine(_dir, "rehearsal.yaml");

    [Fact]
    public void Load_EveryKind_BindsWithDefaults()
    {
        var result = Load("""
            config: lakemon.yaml
            scenarios:
              - type: upload-storm
                copies: 3
                file_size: 2MiB
                duration: 10s
              - type: read-storm
                protocol: root
                rate: 2.5
              - type: metadata-storm
                copies: 1
              - type: tpc-matrix
                links:
                  - {src: A, dst: B, target: 20MB/s}
                thresholds:
                  - {p95_ms_max: 500, abort_after_errors: 2, start_after: 5s}
              - type: mixed
                rate: 4
                mix: {read: 3, stat: 1}
            """);

        Assert.Empty(result.Errors);
        var options = result.Options!;
        Assert.Equal(["upload-storm", "read-storm", "metadata-storm", "tpc-matrix", "mixed"], options.Scenarios.Select(s => s.Name));
        Assert.Equal((3, 2L << 20, TimeSpan.FromSeconds(10)), (options.Scenarios[0].Copies!.Value, options.Scenarios[0].FileSize, options.Scenarios[0].Duration));
        Assert.Equal(2.5, options.Scenarios[1].Rate);
        Assert.Equal(20_000_000, options.Scenarios[3].Links[0].TargetBytesPerSecond);
        Assert.Equal(2, options.Scenarios[3].Thresholds[0].AbortAfterErrors);
        Assert.Equal(2, options.Scenarios[4].Mix.Count);
        Assert.True(options.Cleanup);
        Assert.Equal(2, result.Lake!.Rses.Count);
    }

    [Theory]
    [InlineData("config: lakemon.yaml\nscenarios:\n  - type: upload-storm\n    writers: 3\n", 4, "scenarios[0].writers: unknown key (expected one of")]
    [InlineData("config: lakemon.yaml\nscenarios:\n  - type: upload-storm\n    copies: 2\n    rate: 3\n", 3, "scenarios[0]: give exactly one of copies")]
    [InlineData("config: lakemon.yaml\nscenarios:\n  - type: storm\n", 3, "scenarios[0].type: unknown scenario type 'storm'")]
    [InlineData("config: lakemon.yaml\nscenarios:\n  - type: upload-storm\n    copies: 1\n    file_size: lots\n", 5, "scenarios[0].file_size: 'lots'")]
    [InlineData("config: lakemon.yaml\nscenarios:\n  - type: upload-storm\n    copies: 1\n    duration: -5s\n", 5, "scenarios[0].duration: must be positive")]
    [InlineData("config: lakemon.yaml\nscenarios:\n  - type: tpc-matrix\n    links:\n      - {src: A, dst: B, target: fast}\n", 5, "scenarios[0].links[0].target: 'fast' is not a positive rate")]
    [InlineData("config: lakemon.yaml\nscenarios:\n  - type: tpc-matrix\n    links:\n      - {src: A, dst: Z, target: 1MB/s}\n", 5, "scenarios[0].links: unknown or disabled RSE 'Z'")]
    [InlineData("config: lakemon.yaml\nscenarios:\n  - type: read-storm\n    protocol: root\n    rses: [A]\n    copies: 1\n", 4, "scenarios[0].protocol: RSE 'A' has no root door")]
    [InlineData("config: lakemon.yaml\nscenarios:\n  - type: upload-storm\n    copies: 1\n    thresholds:\n      - {abort_after_errors: 2}\n", 6, "scenarios[0].thresholds[0]: names no limit")]
    [InlineData("config: lakemon.yaml\nscenarios:\n  - type: upload-storm\n    copies: 1\n    thresholds:\n      - {step: read, p95_ms_max: 5}\n", 3, "scenarios[0].thresholds: step 'read' is not a step of upload-storm (its steps: upload)")]
    [InlineData("config: nowhere.yaml\nscenarios:\n  - type: upload-storm\n    copies: 1\n", 1, "config: nowhere.yaml is not a valid lakemon configuration")]
    [InlineData("scenarios: []\n", 1, "config: missing required key")]
    public void Load_Invalid_ErrorNamesFileLineAndKey(string yaml, int line, string message)
    {
        var result = Load(yaml);

        Assert.Null(result.Options);
        Assert.Contains(result.Errors, e => e.ToString().StartsWith($"{File_}:{line}: {message}", StringComparison.Ordinal));
    }
}
