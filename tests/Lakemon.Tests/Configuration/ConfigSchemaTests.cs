using System.Text.Json;
using Lakemon.Probes.Configuration;

namespace Lakemon.Tests.Configuration;

/// <summary>The JSON schema is hand-written for editors; these tests keep it from drifting away from the loader.</summary>
public sealed class ConfigSchemaTests : IDisposable
{
    private readonly JsonDocument schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "config", "lakemon.schema.json")));

    public static TheoryData<string> Sections() => new(ConfigKeys.BySection.Keys);

    [Fact]
    public void Schema_Root_IsDraft202012WithTheLoadersTopLevelKeys()
    {
        var root = schema.RootElement;

        Assert.Equal("https://json-schema.org/draft/2020-12/schema", root.GetProperty("$schema").GetString());
        Assert.Equal(ConfigKeys.Root.Order(StringComparer.Ordinal), PropertyNames(root));
        Assert.False(root.GetProperty("additionalProperties").GetBoolean());
    }

    [Theory]
    [MemberData(nameof(Sections))]
    public void Schema_Section_HasExactlyTheLoadersKeys(string section)
    {
        var nodes = Navigate(section);

        Assert.NotEmpty(nodes);
        Assert.All(nodes, node =>
        {
            Assert.Equal(ConfigKeys.BySection[section].Order(StringComparer.Ordinal), PropertyNames(node));
            Assert.False(node.GetProperty("additionalProperties").GetBoolean());
        });
    }

    [Fact]
    public void Schema_Enums_MatchTheLoadersValues()
    {
        Assert.Equal(ProtocolSchemes.All, Enum(Navigate("rses[].protocols[]").Single().GetProperty("properties").GetProperty("scheme")));
        var rse = Navigate("rses[]").Single().GetProperty("properties");
        Assert.Equal(ConfigKeys.Checksums.Keys, Enum(rse.GetProperty("checksum")));
        Assert.Equal(ConfigKeys.TpcModes.Keys, Enum(rse.GetProperty("tpc_modes").GetProperty("items")));
    }

    [Fact]
    public void Schema_ProbeLimits_MatchTheLoaders()
    {
        var probes = Navigate("probes").Single().GetProperty("properties");
        var maxConcurrent = probes.GetProperty("max_concurrent");
        var retries = Navigate("probes.modules.*").First().GetProperty("properties").GetProperty("retries");

        Assert.Equal(1, maxConcurrent.GetProperty("minimum").GetInt32());
        Assert.Equal(ProbeOptions.DefaultMaxConcurrent, maxConcurrent.GetProperty("default").GetInt32());
        Assert.Equal(0, retries.GetProperty("minimum").GetInt32());
        Assert.Equal(ProbeModuleOptions.MaxRetries, retries.GetProperty("maximum").GetInt32());
    }

    public void Dispose() => schema.Dispose();

    /// <summary>
    /// Follows a <see cref="ConfigKeys.BySection"/> path ("rses[].protocols[]", "credentials.*") through the schema.
    /// "*" is every schema a map entry can have: its additionalProperties, or where the names are a closed set
    /// (probes.modules) each named property.
    /// </summary>
    private List<JsonElement> Navigate(string section)
    {
        IEnumerable<JsonElement> nodes = [schema.RootElement];
        foreach (var segment in section.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = segment.EndsWith("[]", StringComparison.Ordinal) ? segment[..^2] : segment;
            nodes = nodes.Select(Resolve).SelectMany(node => name == "*" ? MapEntries(node) : [node.GetProperty("properties").GetProperty(name)]);
            if (segment.EndsWith("[]", StringComparison.Ordinal))
            {
                nodes = nodes.Select(node => Resolve(node).GetProperty("items"));
            }
        }
        return nodes.Select(Resolve).ToList();
    }

    private static IEnumerable<JsonElement> MapEntries(JsonElement node) =>
        node.GetProperty("additionalProperties") is { ValueKind: JsonValueKind.Object } entry
            ? [entry]
            : node.GetProperty("properties").EnumerateObject().Select(property => property.Value);

    private JsonElement Resolve(JsonElement node)
    {
        while (node.TryGetProperty("$ref", out var reference))
        {
            node = schema.RootElement.GetProperty("$defs").GetProperty(reference.GetString()!["#/$defs/".Length..]);
        }
        return node;
    }

    private static IEnumerable<string> PropertyNames(JsonElement node) =>
        node.GetProperty("properties").EnumerateObject().Select(property => property.Name).Order(StringComparer.Ordinal);

    private static IEnumerable<string?> Enum(JsonElement node) =>
        node.GetProperty("enum").EnumerateArray().Select(value => value.GetString());
}
