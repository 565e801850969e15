using System.Text.Json.Serialization;

namespace Lakemon.Lake;

/// <summary>One RSE as `lakemon lake status --json` reports it (DESIGN.md §8: a script-facing contract). <see cref="Died"/>:
/// `lake up` started the server and `lake down` did not stop it, yet it no longer runs (it crashed or was killed);
/// `lake up` restarts it.</summary>
public sealed record LakeRseStatus(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("site")] string Site,
    [property: JsonPropertyName("port")] int Port,
    [property: JsonPropertyName("pid")] int? Pid,
    [property: JsonPropertyName("running")] bool Running,
    [property: JsonPropertyName("healthy")] bool Healthy,
    [property: JsonPropertyName("died")] bool Died,
    [property: JsonPropertyName("urls")] LakeUrls Urls,
    [property: JsonPropertyName("prefix")] string Prefix,
    [property: JsonPropertyName("ca_file")] string CaFile,
    [property: JsonPropertyName("ca_dir")] string CaDirectory,
    [property: JsonPropertyName("data_dir")] string DataDirectory,
    [property: JsonPropertyName("log")] string Log);
