using System.Text.Json.Nodes;
using Lakemon.Tests.Configuration;
using YamlDotNet.RepresentationModel;

namespace Lakemon.Tests.Dashboards;

/// <summary>Static checks of every shipped dashboard: what Grafana would otherwise only show as a broken panel.</summary>
public sealed class DashboardJsonTests
{
    public static TheoryData<string> Dashboards => [.. DashboardFiles.Paths.Select(Path.GetFileName).OfType<string>()];

    [Fact]
    public void Dashboards_TheFiveOfTheIssue_AreShippedWithUniqueUids()
    {
        var dashboards = DashboardFiles.Paths.Select(DashboardFiles.Load).ToList();

        Assert.Equal(
            ["lakemon / Network", "lakemon / Overview", "lakemon / Probe detail", "lakemon / SLA", "lakemon / Transfers"],
            dashboards.Select(d => d["title"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.Equal(dashboards.Count, dashboards.Select(d => d["uid"]!.GetValue<string>()).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Dashboards))]
    public void Dashboard_PanelIds_AreUniqueAndEveryQueryPanelHasAnExpression(string file)
    {
        var dashboard = DashboardFiles.Load(Path.Combine(DashboardFiles.Directory, file));
        var panels = DashboardFiles.Panels(dashboard).ToList();

        var ids = panels.Select(p => p["id"]!.GetValue<int>()).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(panels.Where(p => p["type"]!.GetValue<string>() != "row"), panel =>
        {
            var expressions = DashboardFiles.Expressions(panel).ToList();
            Assert.True(expressions.Count > 0 && expressions.All(e => e.Trim().Length > 0), $"panel '{panel["title"]}' has no PromQL expression");
        });
    }

    [Theory]
    [MemberData(nameof(Dashboards))]
    public void Dashboard_Datasources_AreTheProvisionedOnes(string file)
    {
        var provisioned = ProvisionedDatasourceUids();
        var dashboard = DashboardFiles.Load(Path.Combine(DashboardFiles.Directory, file));

        var used = DashboardFiles.Panels(dashboard)
            .SelectMany(p => new[] { p["datasource"] }.Concat((p["targets"]?.AsArray() ?? []).Select(t => t?["datasource"])))
            .Concat(DashboardFiles.Variables(dashboard).Select(v => v["datasource"]))
            .OfType<JsonObject>()
            .Select(d => d["uid"]!.GetValue<string>())
            .ToHashSet(StringComparer.Ordinal);

        Assert.NotEmpty(used);
        Assert.Subset(provisioned, used);
    }

    [Theory]
    [MemberData(nameof(Dashboards))]
    public void Dashboard_VariableReferences_AreDefinedBeforeUse(string file)
    {
        var dashboard = DashboardFiles.Load(Path.Combine(DashboardFiles.Directory, file));
        var defined = new HashSet<string>(DashboardFiles.BuiltInVariables, StringComparer.Ordinal);

        // A variable's own query may use only the variables above it (Grafana resolves them top-down).
        foreach (var variable in DashboardFiles.Variables(dashboard))
        {
            var name = variable["name"]!.GetValue<string>();
            var query = variable["query"] is JsonObject q ? q["query"]!.GetValue<string>() : variable["query"]?.GetValue<string>() ?? "";
            Assert.All(DashboardFiles.References(query), r => Assert.True(defined.Contains(r), $"variable '{name}' uses ${r} before it is defined"));
            defined.Add(name);
        }
        foreach (var panel in DashboardFiles.Panels(dashboard))
        {
            var texts = DashboardFiles.Expressions(panel).Append(panel["title"]?.GetValue<string>() ?? "")
                .Concat((panel["targets"]?.AsArray() ?? []).Select(t => t?["legendFormat"]?.GetValue<string>() ?? ""));
            Assert.All(texts.SelectMany(DashboardFiles.References), r => Assert.True(defined.Contains(r), $"panel '{panel["title"]}' uses undefined ${r}"));
            if (panel["repeat"]?.GetValue<string>() is { } repeat)
            {
                Assert.Contains(repeat, defined);
            }
        }
        // And every variable defined is used somewhere: a leftover selector confuses users.
        var text = dashboard.ToJsonString();
        Assert.All(DashboardFiles.Variables(dashboard), v =>
            Assert.Contains("$" + v["name"]!.GetValue<string>(), text.Replace("\"name\":\"" + v["name"]!.GetValue<string>() + "\"", "", StringComparison.Ordinal), StringComparison.Ordinal));
    }

    [Fact]
    public void References_FindsEveryForm()
    {
        Assert.Equal(["rse", "site", "protocol", "__range"],
            DashboardFiles.References("""x{rse=~"$rse", site="${site}", protocol=~"${protocol:regex}"}[$__range]"""));
    }

    private static HashSet<string> ProvisionedDatasourceUids()
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(RepositoryRoot.Path, "dashboards", "grafana", "provisioning", "datasources", "lakemon.yml")))
        {
            yaml.Load(reader);
        }
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        return ((YamlSequenceNode)root.Children[new YamlScalarNode("datasources")]).Children
            .Select(d => ((YamlScalarNode)((YamlMappingNode)d).Children[new YamlScalarNode("uid")]).Value!)
            .ToHashSet(StringComparer.Ordinal);
    }
}
