using System.Diagnostics;
using System.Text.Json;
using Lakemon.Collector.Store;
using Lakemon.IntegrationTests.Support;
using Lakemon.Probes.Configuration;
using Lakemon.Probes.Results;
using Lakemon.Tests.Results;
using static Lakemon.IntegrationTests.Support.ProcessRunner;

namespace Lakemon.IntegrationTests.Store;

/// <summary>`lakemon results import|export` as scripts run it: a separate process, files in, files out.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ResultsCommandTests(PostgresCluster cluster) : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2020, 1, 2, 4, 0, 0, TimeSpan.Zero);

    private readonly string directory = TestDirectories.Create("results");

    private string Database => Path.Combine(directory, StoreOptions.DefaultFileName);

    [Fact]
    public async Task ImportThenExport_RoundTripsTheFileByteForByte_AndAReimportAddsNothing()
    {
        var input = WriteResults("in.jsonl", Mixed(30));
        var output = Path.Combine(directory, "out.jsonl");

        var import = await LakemonAsync("results", "import", input, "--dir", directory, "--json");
        var export = await LakemonAsync("results", "export", "--dir", directory, "--output", output);
        var again = await LakemonAsync("results", "import", input, "--dir", directory, "--json", "--batch-size", "7");

        Assert.True(import.ExitCode == 0, import.ToString());
        Assert.Equal("""{"results":30,"imported":30,"duplicates":0}""", import.StandardOutput.Trim());
        Assert.True(export.ExitCode == 0, export.ToString());
        Assert.Equal(await File.ReadAllBytesAsync(input), await File.ReadAllBytesAsync(output));
        Assert.Equal("""{"results":30,"imported":0,"duplicates":30}""", again.StandardOutput.Trim());
        Assert.Equal(5, again.StandardError.Split('\n').Count(l => l.StartsWith("results import: stored through line", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Import_BadLines_ExitsTwoNamingEveryBadLineAndStoresNothing()
    {
        var good = ProbeResultJson.Serialize(SampleResults.Full());
        var bad = ProbeResultJson.Serialize(SampleResults.Storage())[..^1] + ""","colour":"red"}""";
        var input = Path.Combine(directory, "bad.jsonl");
        await File.WriteAllTextAsync(input, string.Join('\n', good, "{", good, bad, "", ProbeResultJson.Serialize(SampleResults.Storage()).Replace("\"OK\"", "\"FINE\"", StringComparison.Ordinal)) + "\n");

        var result = await LakemonAsync("results", "import", input, "--dir", directory);

        Assert.Equal(2, result.ExitCode);
        var lines = result.StandardError.Trim().Split('\n');
        Assert.StartsWith($"{input}:2: not valid JSON: ", lines[0], StringComparison.Ordinal);
        Assert.Equal($"{input}:4: unknown field 'colour'", lines[1]);
        Assert.StartsWith($"{input}:6: field 'status' has unknown value 'FINE'", lines[2], StringComparison.Ordinal);
        Assert.Equal($"lakemon results import: 3 bad line(s) in {input}; nothing imported", lines[3]);
        Assert.Equal(4, lines.Length);
        Assert.False(File.Exists(Database), "the store was opened although nothing was to be imported");
    }

    [Fact]
    public async Task Export_Filters_SelectByRseOperationAndTime()
    {
        var results = Mixed(30);
        await LakemonAsync("results", "import", WriteResults("in.jsonl", results), "--dir", directory);

        var byRse = await LakemonAsync("results", "export", "--dir", directory, "--rse", "LAKE-B", "--operation", "tpc",
            "--since", "2020-01-02T04:00:10Z", "--until", "2020-01-02T05:00:20+01:00");
        var recent = await LakemonAsync("results", "export", "--dir", directory, "--since", "1h");

        var expected = results
            .Where(r => r.Operation == ProbeOperation.Tpc && r.Rses.Contains("LAKE-B") && r.StartedAt >= T0.AddSeconds(10) && r.StartedAt < T0.AddSeconds(20))
            .Select(ProbeResultJson.Serialize);
        Assert.True(byRse.ExitCode == 0, byRse.ToString());
        Assert.NotEmpty(expected);
        Assert.Equal(expected, Lines(byRse.StandardOutput));
        Assert.Equal(0, recent.ExitCode);
        Assert.Empty(Lines(recent.StandardOutput));
    }

    [Fact]
    public async Task Prune_DeletesWhatIsOlderThanTheRetention()
    {
        var old = Mixed(4);
        var recent = SampleResults.Storage() with { Id = "recent", StartedAt = DateTimeOffset.UtcNow.AddDays(-1) };
        await LakemonAsync("results", "import", WriteResults("in.jsonl", [.. old, recent]), "--dir", directory);

        var keepTwoDays = await LakemonAsync("results", "prune", "--dir", directory, "--older-than", "2d", "--json");
        var byDefault = await LakemonAsync("results", "prune", "--dir", directory, "--json");
        var export = await LakemonAsync("results", "export", "--dir", directory);

        Assert.True(keepTwoDays.ExitCode == 0, keepTwoDays.ToString());
        using (var counts = JsonDocument.Parse(keepTwoDays.StandardOutput))
        {
            Assert.Equal(4, counts.RootElement.GetProperty("deleted").GetInt32());
        }
        using (var counts = JsonDocument.Parse(byDefault.StandardOutput))
        {
            Assert.Equal(0, counts.RootElement.GetProperty("deleted").GetInt32());
        }
        Assert.Equal([ProbeResultJson.Serialize(recent)], Lines(export.StandardOutput));
    }

    [Fact]
    public async Task Import_WithAPostgresConfig_StoresInPostgres()
    {
        var connection = await cluster.CreateSchemaAsync();
        var config = Path.Combine(directory, "lakemon.yaml");
        await File.WriteAllTextAsync(config, """
            sites: [{ name: LOCAL-1 }]
            rses: [{ name: LAKE-A, site: LOCAL-1, protocols: [{ scheme: root, prefix: "root://127.0.0.1:1094//lake" }] }]
            store:
              postgres: { connection_env: LAKEMON_TEST_PG }
            """);
        var input = WriteResults("in.jsonl", Mixed(12));
        var environment = new Dictionary<string, string> { ["LAKEMON_TEST_PG"] = connection };

        var import = await RunAsync("dotnet", [LakemonDll, "results", "import", input, "--config", config, "--json"], environment: environment);
        var export = await RunAsync("dotnet", [LakemonDll, "results", "export", "--config", config], environment: environment);
        var unset = await LakemonAsync("results", "export", "--config", config);

        Assert.True(import.ExitCode == 0, import.ToString());
        Assert.Contains("into PostgreSQL (connection string from $LAKEMON_TEST_PG)", import.StandardError, StringComparison.Ordinal);
        Assert.Equal(await File.ReadAllLinesAsync(input), Lines(export.StandardOutput));
        await using var store = await PostgresResultStore.OpenAsync(connection, default);
        Assert.Equal(12, await store.CountAsync(default));
        Assert.Equal(2, unset.ExitCode);
        Assert.Equal("lakemon results export: store.postgres.connection_env: environment variable LAKEMON_TEST_PG is not set", unset.StandardError.Trim());
    }

    /// <summary>
    /// The durability promise of the store: a batch whose "stored through line N" was printed survives a SIGKILL of the
    /// importing process, and the resend after the crash adds exactly what was missing.
    /// </summary>
    [Fact]
    public async Task Import_KilledWithSigkillMidway_KeepsEveryAcknowledgedBatch_AndTheResendAddsNoDuplicates()
    {
        const int total = 20_000;
        var results = Enumerable.Range(0, total).Select(i => SampleResults.Storage() with { Id = $"crash-{i:D6}", StartedAt = T0.AddMilliseconds(i) }).ToList();
        var input = WriteResults("crash.jsonl", results);

        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { LakemonDll, "results", "import", input, "--dir", directory, "--batch-size", "500" })
        {
            start.ArgumentList.Add(argument);
        }
        using var import = Process.Start(start)!;
        _ = import.StandardOutput.ReadToEndAsync();
        var acknowledged = 0L;
        var acknowledgements = 0;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await import.StandardError.ReadLineAsync(timeout.Token) is { } line)
        {
            const string prefix = "results import: stored through line ";
            if (line.StartsWith(prefix, StringComparison.Ordinal))
            {
                acknowledged = long.Parse(line[prefix.Length..line.IndexOf(':', prefix.Length)], System.Globalization.CultureInfo.InvariantCulture);
                if (++acknowledgements == 5)
                {
                    import.Kill(); // SIGKILL: no handler, no flush, no finally.
                }
            }
        }
        await import.WaitForExitAsync(timeout.Token);

        Assert.NotEqual(0, import.ExitCode);
        Assert.InRange(acknowledged, 2500, total - 1);
        HashSet<string> stored;
        await using (var store = await SqliteResultStore.OpenAsync(Database, default))
        {
            stored = await IdsAsync(store);
        }
        Assert.All(results.Take((int)acknowledged), r => Assert.Contains(r.Id, stored));

        var resend = await LakemonAsync("results", "import", input, "--dir", directory, "--json");

        Assert.True(resend.ExitCode == 0, resend.ToString());
        using var counts = JsonDocument.Parse(resend.StandardOutput);
        Assert.Equal(stored.Count, counts.RootElement.GetProperty("duplicates").GetInt64());
        Assert.Equal(total - stored.Count, counts.RootElement.GetProperty("imported").GetInt64());
        await using (var store = await SqliteResultStore.OpenAsync(Database, default))
        {
            Assert.Equal(total, await store.CountAsync(default));
            Assert.Equal(results.Select(r => r.Id).ToHashSet(), await IdsAsync(store));
        }
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    /// <summary>Storage results and transfers among three RSEs, one per second from <see cref="T0"/>, in time order.</summary>
    private static List<ProbeResult> Mixed(int count) => [.. Enumerable.Range(0, count).Select(i =>
    {
        var result = (i % 3) switch
        {
            0 => SampleResults.Storage(rse: i % 2 == 0 ? "LAKE-A" : "LAKE-B", operation: ProbeOperation.Read),
            1 => SampleResults.Transfer("LAKE-A", "LAKE-B", TpcMode.HttpPull),
            _ => SampleResults.Transfer("LAKE-C", "LAKE-A", TpcMode.Root, ProbeStatus.Critical, FailureKind.TpcFailed, "failure: connection refused"),
        };
        return result with { Id = $"r{i:D3}", StartedAt = T0.AddSeconds(i) };
    })];

    private string WriteResults(string name, IEnumerable<ProbeResult> results)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllLines(path, results.Select(ProbeResultJson.Serialize));
        return path;
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private static async Task<HashSet<string>> IdsAsync(IResultStore store)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var result in store.QueryAsync(new ResultQuery(), default))
        {
            ids.Add(result.Id);
        }
        return ids;
    }
}
