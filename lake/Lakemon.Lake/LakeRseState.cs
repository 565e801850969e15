using System.Text.Json.Serialization;

namespace Lakemon.Lake;

public sealed record LakeRseState(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("site")] string Site,
    [property: JsonPropertyName("port")] int Port,
    [property: JsonPropertyName("pid")] int? Pid);
