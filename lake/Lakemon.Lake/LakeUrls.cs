using System.Text.Json.Serialization;

namespace Lakemon.Lake;

/// <summary>Base URLs a client appends an absolute path to, e.g. Root + "/lake/f" = root://127.0.0.1:21094//lake/f.</summary>
public sealed record LakeUrls(
    [property: JsonPropertyName("root")] string Root,
    [property: JsonPropertyName("http")] string Http,
    [property: JsonPropertyName("https")] string Https)
{
    public static LakeUrls ForPort(int port) => new(
        $"root://127.0.0.1:{port}/",
        $"http://127.0.0.1:{port}",
        $"https://127.0.0.1:{port}");
}
