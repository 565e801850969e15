using System.Text.Json.Serialization;

namespace Lakemon.IntegrationTests.Support;

/// <summary>The test's own reading of the `lake status --json` contract (deliberately not the product's type, so
/// that a change of the contract breaks a test).</summary>
public sealed record LakeRse(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("site")] string Site,
    [property: JsonPropertyName("pid")] int? Pid,
    [property: JsonPropertyName("healthy")] bool Healthy,
    [property: JsonPropertyName("died")] bool Died,
    [property: JsonPropertyName("urls")] LakeRseUrls Urls,
    [property: JsonPropertyName("prefix")] string Prefix,
    [property: JsonPropertyName("ca_file")] string CaFile,
    [property: JsonPropertyName("ca_dir")] string CaDir,
    [property: JsonPropertyName("data_dir")] string DataDir)
{
    public string Https(string path) => Urls.Https + Prefix + path;

    public string Root(string path) => Urls.Root + Prefix + path;

    public string Http(string path) => Urls.Http + Prefix + path;

    /// <summary>Where a path under the RSE prefix lives on the server's disk.</summary>
    public string OnDisk(string path) => Path.Combine(DataDir, (Prefix + path).TrimStart('/'));
}

public sealed record LakeRseUrls(
    [property: JsonPropertyName("root")] string Root,
    [property: JsonPropertyName("http")] string Http,
    [property: JsonPropertyName("https")] string Https);
