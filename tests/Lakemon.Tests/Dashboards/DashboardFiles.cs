using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Lakemon.Tests.Configuration;

namespace Lakemon.Tests.Dashboards;

/// <summary>The shipped Grafana dashboards (dashboards/grafana/*.json) read as JSON, with what the tests check in them:
/// panels (rows' nested panels included), PromQL targets and template variables.</summary>
internal static partial class DashboardFiles
{
    /// <summary>Grafana's own variables, which a dashboard uses without defining them.</summary>
    public static readonly IReadOnlySet<string> BuiltInVariables = new HashSet<string>(StringComparer.Ordinal)
    {
        "__range", "__rate_interval", "__interval", "__interval_ms", "__range_s", "__from", "__to", "__dashboard", "__name",
    };

    public static string Directory => Path.Combine(RepositoryRoot.Path, "dashboards", "grafana");

    public static IReadOnlyList<string> Paths =>
        [.. System.IO.Directory.GetFiles(Directory, "*.json").Order(StringComparer.Ordinal)];

    public static JsonObject Load(string path) =>
        JsonNode.Parse(File.ReadAllText(path))?.AsObject() ?? throw new InvalidDataException($"{path}: not a JSON object");

    public static IEnumerable<JsonObject> Panels(JsonObject dashboard)
    {
        foreach (var panel in dashboard["panels"]?.AsArray() ?? [])
        {
            var item = panel!.AsObject();
            yield return item;
            foreach (var nested in item["panels"]?.AsArray() ?? [])
            {
                yield return nested!.AsObject();
            }
        }
    }

    public static IEnumerable<string> Expressions(JsonObject panel) =>
        (panel["targets"]?.AsArray() ?? []).Select(t => t?["expr"]?.GetValue<string>()).OfType<string>();

    public static IEnumerable<JsonObject> Variables(JsonObject dashboard) =>
        (dashboard["templating"]?["list"]?.AsArray() ?? []).Select(v => v!.AsObject());

    /// <summary>Every variable a text refers to: $name, ${name} and ${name:format}.</summary>
    public static IEnumerable<string> References(string text) =>
        VariableReference().Matches(text).Select(m => m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value);

    /// <summary>The text with every variable replaced by its value, as Grafana would before it queries.</summary>
    /// <exception cref="KeyNotFoundException">A variable has no value in <paramref name="values"/>.</exception>
    public static string Substitute(string text, IReadOnlyDictionary<string, string> values) =>
        VariableReference().Replace(text, m =>
        {
            var name = m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value;
            return values.TryGetValue(name, out var value) ? value : throw new KeyNotFoundException($"no value for {m.Value} in: {text}");
        });

    [GeneratedRegex(@"\$\{(\w+)(?::\w+)?\}|\$(\w+)")]
    private static partial Regex VariableReference();
}
