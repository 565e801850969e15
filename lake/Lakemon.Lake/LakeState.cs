using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lakemon.Lake;

/// <summary>What `lake up` started, persisted in DIR/lake.json so that `status` and `down` act on exactly those PIDs.</summary>
public sealed record LakeState(
    [property: JsonPropertyName("version")] int Version,
    [property: JsonPropertyName("rses")] IReadOnlyList<LakeRseState> Rses)
{
    public const int CurrentVersion = 1;

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static LakeState? Load(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }
        var state = JsonSerializer.Deserialize<LakeState>(File.ReadAllText(path), Json);
        return state is { Version: CurrentVersion } ? state : null;
    }

    public void Save(string path)
    {
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(this, Json));
        File.Move(temporary, path, overwrite: true);
    }
}
