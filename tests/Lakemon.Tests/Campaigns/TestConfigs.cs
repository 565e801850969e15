using Lakemon.Probes.Configuration;

namespace Lakemon.Tests.Campaigns;

/// <summary>Configurations built in code for planner and runner tests: n RSEs LAKE-00.. on sites SITE-00.., each
/// with the given doors (root, https, davs, file, s3) under made-up loopback prefixes.</summary>
internal static class TestConfigs
{
    public static LakemonOptions Lake(int rses, IReadOnlyList<string> schemes, IReadOnlyList<long>? sizes = null, int maxPerRse = 4, int maxConcurrent = 16)
    {
        var list = Enumerable.Range(0, rses).Select(i => Rse(i, schemes, maxPerRse)).ToList();
        return Options(list, sizes, maxConcurrent);
    }

    public static LakemonOptions Options(IReadOnlyList<RseOptions> rses, IReadOnlyList<long>? sizes = null, int maxConcurrent = 16) =>
        new(
            rses.Select(r => r.Site).Distinct().Select(s => new SiteOptions(s, null)).ToList(),
            rses,
            new Dictionary<string, CredentialOptions>(),
            new ProbeOptions(sizes ?? [1024, 1048576], TimeSpan.FromSeconds(5), TimeSpan.FromHours(1)) { MaxConcurrent = maxConcurrent },
            ScheduleOptions.Default,
            SinkOptions.None);

    public static RseOptions Rse(int index, IReadOnlyList<string> schemes, int maxPerRse = 4, bool enabled = true)
    {
        var doors = schemes.Select(s => new ProtocolOptions(s, new Uri(Prefix(s, index)))).ToList();
        var modes = doors.SelectMany(d => ProtocolSchemes.TpcModesFor(d.Scheme)).Distinct().ToList();
        return new RseOptions($"LAKE-{index:00}", $"SITE-{index:00}", enabled, doors, ChecksumAlgorithm.Adler32, modes, maxPerRse, null);
    }

    private static string Prefix(string scheme, int index) => scheme switch
    {
        "root" or "roots" => $"{scheme}://127.0.0.1:{20000 + index}//lake",
        "file" => $"file:///tmp/lake-{index}",
        _ => $"{scheme}://127.0.0.1:{20000 + index}/lake",
    };
}
