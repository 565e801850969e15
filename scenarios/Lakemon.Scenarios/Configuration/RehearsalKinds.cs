namespace Lakemon.Scenarios.Configuration;

/// <summary>The wire names of <see cref="RehearsalKind"/> (the `type` key) and what `lakemon load list` prints.</summary>
public static class RehearsalKinds
{
    public static IReadOnlyList<(string Name, RehearsalKind Kind, string Description)> All { get; } =
    [
        ("upload-storm", RehearsalKind.UploadStorm, "N concurrent writers (copies) or a rate of uploads per RSE, files of file_size"),
        ("read-storm", RehearsalKind.ReadStorm, "seeds `files` files per RSE, then N concurrent readers or a rate of reads per RSE"),
        ("metadata-storm", RehearsalKind.MetadataStorm, "seeds `files` files per RSE, then stat + list of the directory per call"),
        ("tpc-matrix", RehearsalKind.TpcMatrix, "each src→dst link at its target MB/s: ramp 25/50/75/100 % (ramp_step each), hold; pass when every link sustains ≥ 90 % of its target during the hold"),
        ("mixed", RehearsalKind.Mixed, "production-like: `rate` calls/s per RSE split by `mix` weights over upload, read, stat and list"),
    ];

    public static bool TryParse(string name, out RehearsalKind kind)
    {
        var match = All.FirstOrDefault(k => k.Name == name);
        kind = match.Kind;
        return match.Name is not null;
    }

    public static string ToWire(RehearsalKind kind) => All.First(k => k.Kind == kind).Name;
}
