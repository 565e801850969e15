using System.Globalization;
using Lakemon.Probes.Configuration;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Lakemon.Scenarios.Configuration;

/// <summary>
/// Reads a rehearsal YAML file in the style of the lakemon configuration: every problem is reported as
/// <c>file:line: key: message</c>, unknown keys are refused, sizes and durations use the same parsers, and the RSEs,
/// doors and links are checked against the lakemon configuration the file names.
/// </summary>
public static class RehearsalConfigLoader
{
    private static readonly string[] TopKeys = ["config", "run_id", "report_interval", "cleanup", "call_timeout", "collector", "scenarios"];
    private static readonly string[] ScenarioKeys =
        ["name", "type", "protocol", "rses", "copies", "rate", "file_size", "files", "duration", "tpc_mode", "links", "ramp_step", "hold", "max_in_flight", "mix", "thresholds"];
    private static readonly string[] LinkKeys = ["src", "dst", "target"];
    private static readonly string[] ThresholdKeys = ["step", "fail_ratio_max", "p95_ms_max", "p99_ms_max", "rps_min", "throughput_mb_s_min", "abort_after_errors", "start_after"];
    private static readonly string[] MixKeys = ["upload", "read", "stat", "list"];

    /// <param name="lakemonConfig">The lakemon configuration to use instead of the file's `config:` (the CLI's
    /// --config, or the local lake's); with neither, the result says <see cref="RehearsalLoadResult.NeedsLakemonConfig"/>.</param>
    public static RehearsalLoadResult Load(string path, string? lakemonConfig = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new RehearsalLoadResult(null, null, [new ConfigError(path, 0, "file", ex is FileNotFoundException or DirectoryNotFoundException ? "cannot read: file not found" : "cannot read: " + ex.Message)]);
        }
        var binder = new Binder(path) { LakemonConfigOverride = lakemonConfig };
        var options = binder.Bind(text);
        if (binder.MissingConfig)
        {
            return new RehearsalLoadResult(null, null, binder.Errors) { NeedsLakemonConfig = true };
        }
        LakemonOptions? lake = null;
        if (options is not null)
        {
            var lakePath = lakemonConfig ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, options.LakemonConfig);
            var loaded = ConfigLoader.Load(lakePath);
            if (!loaded.IsValid)
            {
                binder.Add(binder.ConfigLine, "config", $"{options.LakemonConfig} is not a valid lakemon configuration ({loaded.Errors.Count} problem(s); first: {loaded.Errors[0]})");
            }
            else
            {
                lake = loaded.Options;
                binder.CheckAgainst(options, lake!);
            }
        }
        var errors = binder.Errors.OrderBy(e => e.Line).ToList();
        return errors.Count == 0 ? new RehearsalLoadResult(options, lake, []) : new RehearsalLoadResult(null, null, errors);
    }

    private sealed class Binder(string file)
    {
        private readonly List<ConfigError> _errors = [];
        private readonly Dictionary<RehearsalScenarioOptions, (int RsesLine, int ProtocolLine)> _lines = [];

        public IReadOnlyList<ConfigError> Errors => _errors;

        public int ConfigLine { get; private set; } = 1;

        public string? LakemonConfigOverride { get; init; }

        /// <summary>The file names no lakemon configuration and none was given: the only problem worth reporting
        /// then, since the caller may supply one.</summary>
        public bool MissingConfig { get; private set; }

        public void Add(int line, string key, string message) => _errors.Add(new ConfigError(file, line, key, message));

        private static int LineOf(YamlNode node) => (int)node.Start.Line;

        public RehearsalOptions? Bind(string text)
        {
            var stream = new YamlStream();
            try
            {
                stream.Load(new StringReader(text));
            }
            catch (YamlException ex)
            {
                var message = ex.Message;
                var marks = message.IndexOf("): ", StringComparison.Ordinal);
                Add((int)ex.Start.Line, "yaml", message.StartsWith("(Line:", StringComparison.Ordinal) && marks >= 0 ? message[(marks + 3)..] : message);
                return null;
            }
            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            {
                Add(1, "yaml", "expected a mapping at the top level");
                return null;
            }
            var top = Entries(root, "", TopKeys);
            string? config = null;
            var configAbsent = false;
            if (LakemonConfigOverride is not null)
            {
                config = LakemonConfigOverride;
            }
            else if (!top.TryGetValue("config", out var configNode))
            {
                Add(LineOf(root), "config", "missing required key (the lakemon configuration naming the RSEs), and no --config given");
                configAbsent = true;
            }
            else
            {
                ConfigLine = LineOf(configNode);
                config = Scalar(configNode, "config");
            }
            var runId = top.TryGetValue("run_id", out var runIdNode) ? Scalar(runIdNode, "run_id") : null;
            if (runId is not null && !runId.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            {
                Add(LineOf(runIdNode!), "run_id", $"'{runId}': only letters, digits, '.', '_' and '-' are allowed");
            }
            var interval = Duration(top, "report_interval", "report_interval", TimeSpan.FromSeconds(5), positive: true);
            var timeout = Duration(top, "call_timeout", "call_timeout", TimeSpan.FromSeconds(60), positive: true);
            var cleanup = Bool(top, "cleanup", "cleanup", true);
            var collector = top.TryGetValue("collector", out var collectorNode) ? BindCollector(collectorNode) : null;
            var scenarios = new List<RehearsalScenarioOptions>();
            if (!top.TryGetValue("scenarios", out var scenariosNode))
            {
                Add(LineOf(root), "scenarios", "missing required key (a list of scenarios)");
            }
            else if (scenariosNode is not YamlSequenceNode list || list.Children.Count == 0)
            {
                Add(LineOf(scenariosNode), "scenarios", "must be a non-empty list of scenarios");
            }
            else
            {
                for (var i = 0; i < list.Children.Count; i++)
                {
                    if (BindScenario(list.Children[i], $"scenarios[{i}]") is { } scenario)
                    {
                        scenarios.Add(scenario);
                    }
                }
                foreach (var duplicate in scenarios.GroupBy(s => s.Name).Where(g => g.Count() > 1))
                {
                    Add(duplicate.Skip(1).First().Line, "scenarios", $"two scenarios are named '{duplicate.Key}' (give each a distinct name)");
                }
            }
            MissingConfig = configAbsent && _errors.Count == 1;
            return _errors.Count == 0 ? new RehearsalOptions(config!, runId, interval, cleanup, timeout, collector, scenarios) : null;
        }

        private CollectorTargetOptions? BindCollector(YamlNode node)
        {
            var entries = Entries(node, "collector", ["url", "token_file", "token_env"]);
            Uri? url = null;
            if (!entries.TryGetValue("url", out var urlNode))
            {
                Add(LineOf(node), "collector.url", "missing required key");
            }
            else if (Scalar(urlNode, "collector.url") is { } text && !(Uri.TryCreate(text, UriKind.Absolute, out url) && url.Scheme is "http" or "https"))
            {
                Add(LineOf(urlNode), "collector.url", $"'{text}' is not an http(s) URL");
            }
            var tokenFile = entries.TryGetValue("token_file", out var f) ? Scalar(f, "collector.token_file") : null;
            var tokenEnv = entries.TryGetValue("token_env", out var e) ? Scalar(e, "collector.token_env") : null;
            if (tokenFile is null && tokenEnv is null)
            {
                Add(LineOf(node), "collector", "needs token_file or token_env (the ingest token is never written in the file)");
            }
            return url is null ? null : new CollectorTargetOptions(url, tokenFile, tokenEnv);
        }

        private RehearsalScenarioOptions? BindScenario(YamlNode node, string path)
        {
            var entries = Entries(node, path, ScenarioKeys);
            var line = LineOf(node);
            var kind = RehearsalKind.UploadStorm;
            string? typeName = null;
            if (!entries.TryGetValue("type", out var typeNode))
            {
                Add(line, $"{path}.type", $"missing required key (one of {string.Join(", ", RehearsalKinds.All.Select(k => k.Name))})");
            }
            else if ((typeName = Scalar(typeNode, $"{path}.type")) is not null && !RehearsalKinds.TryParse(typeName, out kind))
            {
                Add(LineOf(typeNode), $"{path}.type", $"unknown scenario type '{typeName}' (one of {string.Join(", ", RehearsalKinds.All.Select(k => k.Name))})");
            }
            var name = entries.TryGetValue("name", out var nameNode) ? Scalar(nameNode, $"{path}.name") : typeName;
            var protocol = entries.TryGetValue("protocol", out var protocolNode) ? Scalar(protocolNode, $"{path}.protocol") ?? "" : "https";
            var rses = entries.TryGetValue("rses", out var rsesNode) ? StringList(rsesNode, $"{path}.rses") : [];
            var copies = Int(entries, "copies", $"{path}.copies", min: 1);
            var rate = Number(entries, "rate", $"{path}.rate", positive: true);
            if (kind is RehearsalKind.UploadStorm or RehearsalKind.ReadStorm or RehearsalKind.MetadataStorm && copies is null == rate is null)
            {
                Add(line, path, "give exactly one of copies (concurrent clients per RSE) or rate (calls per second per RSE)");
            }
            if (kind == RehearsalKind.Mixed && rate is null)
            {
                Add(line, $"{path}.rate", "missing required key (calls per second per RSE)");
            }
            var fileSize = entries.TryGetValue("file_size", out var sizeNode) ? Size(sizeNode, $"{path}.file_size") : 1 << 20;
            var files = Int(entries, "files", $"{path}.files", min: 1) ?? 10;
            var duration = Duration(entries, "duration", $"{path}.duration", TimeSpan.FromSeconds(30), positive: true);
            var tpcMode = TpcMode.HttpPull;
            if (entries.TryGetValue("tpc_mode", out var modeNode) && Scalar(modeNode, $"{path}.tpc_mode") is { } modeName
                && !TpcModeNames.ByName.TryGetValue(modeName, out tpcMode))
            {
                Add(LineOf(modeNode), $"{path}.tpc_mode", $"unknown TPC mode '{modeName}' (one of {string.Join(", ", TpcModeNames.ByName.Keys)})");
            }
            var links = new List<TpcLinkOptions>();
            if (entries.TryGetValue("links", out var linksNode))
            {
                if (linksNode is not YamlSequenceNode linkList || linkList.Children.Count == 0)
                {
                    Add(LineOf(linksNode), $"{path}.links", "must be a non-empty list of {src, dst, target}");
                }
                else
                {
                    for (var i = 0; i < linkList.Children.Count; i++)
                    {
                        if (BindLink(linkList.Children[i], $"{path}.links[{i}]") is { } link)
                        {
                            links.Add(link);
                        }
                    }
                }
            }
            else if (kind == RehearsalKind.TpcMatrix)
            {
                Add(line, $"{path}.links", "missing required key (a list of {src, dst, target})");
            }
            var rampStep = Duration(entries, "ramp_step", $"{path}.ramp_step", TimeSpan.FromSeconds(30), positive: true);
            var hold = Duration(entries, "hold", $"{path}.hold", TimeSpan.FromMinutes(2), positive: true);
            var maxInFlight = Int(entries, "max_in_flight", $"{path}.max_in_flight", min: 1) ?? 16;
            var mix = new Dictionary<string, double>(StringComparer.Ordinal) { ["upload"] = 10, ["read"] = 60, ["stat"] = 20, ["list"] = 10 };
            if (entries.TryGetValue("mix", out var mixNode))
            {
                mix.Clear();
                foreach (var (key, value) in Entries(mixNode, $"{path}.mix", MixKeys))
                {
                    if (NumberOf(value, $"{path}.mix.{key}") is { } weight)
                    {
                        if (weight < 0)
                        {
                            Add(LineOf(value), $"{path}.mix.{key}", "must not be negative");
                        }
                        mix[key] = weight;
                    }
                }
                if (mix.Values.Sum() <= 0)
                {
                    Add(LineOf(mixNode), $"{path}.mix", "needs at least one positive weight");
                }
            }
            var thresholds = new List<ThresholdOptions>();
            if (entries.TryGetValue("thresholds", out var thresholdsNode))
            {
                if (thresholdsNode is not YamlSequenceNode thresholdList)
                {
                    Add(LineOf(thresholdsNode), $"{path}.thresholds", "must be a list");
                }
                else
                {
                    for (var i = 0; i < thresholdList.Children.Count; i++)
                    {
                        thresholds.Add(BindThreshold(thresholdList.Children[i], $"{path}.thresholds[{i}]"));
                    }
                }
            }
            if (name is null || fileSize <= 0)
            {
                return null;
            }
            var options = new RehearsalScenarioOptions(name, kind, protocol, rses, copies, rate, fileSize, files, duration, tpcMode, links, rampStep, hold, maxInFlight, mix, thresholds, line);
            _lines[options] = (rsesNode is null ? line : LineOf(rsesNode), protocolNode is null ? line : LineOf(protocolNode));
            return options;
        }

        private TpcLinkOptions? BindLink(YamlNode node, string path)
        {
            var entries = Entries(node, path, LinkKeys);
            string? Required(string key)
            {
                if (entries.TryGetValue(key, out var value))
                {
                    return Scalar(value, $"{path}.{key}");
                }
                Add(LineOf(node), $"{path}.{key}", "missing required key");
                return null;
            }
            var src = Required("src");
            var dst = Required("dst");
            var target = Required("target");
            double? rate = null;
            if (target is not null)
            {
                var text = target.Trim();
                if (text.EndsWith("/s", StringComparison.Ordinal) && ByteSizeParser.TryParse(text[..^2], out var bytes, out _) && bytes > 0)
                {
                    rate = bytes;
                }
                else
                {
                    Add(LineOf(entries["target"]), $"{path}.target", $"'{target}' is not a positive rate (a size per second, e.g. 20MB/s or 8MiB/s)");
                }
            }
            return src is null || dst is null || rate is null ? null : new TpcLinkOptions(src, dst, rate.Value, LineOf(node));
        }

        private ThresholdOptions BindThreshold(YamlNode node, string path)
        {
            var entries = Entries(node, path, ThresholdKeys);
            var step = entries.TryGetValue("step", out var stepNode) ? Scalar(stepNode, $"{path}.step") : null;
            var threshold = new ThresholdOptions(
                step,
                Number(entries, "fail_ratio_max", $"{path}.fail_ratio_max", positive: false),
                Number(entries, "p95_ms_max", $"{path}.p95_ms_max", positive: true),
                Number(entries, "p99_ms_max", $"{path}.p99_ms_max", positive: true),
                Number(entries, "rps_min", $"{path}.rps_min", positive: false),
                Number(entries, "throughput_mb_s_min", $"{path}.throughput_mb_s_min", positive: false),
                Int(entries, "abort_after_errors", $"{path}.abort_after_errors", min: 1),
                Duration(entries, "start_after", $"{path}.start_after", TimeSpan.Zero, positive: false));
            if (threshold is { FailRatioMax: null, P95MsMax: null, P99MsMax: null, RpsMin: null, ThroughputMbPerSecondMin: null })
            {
                Add(LineOf(node), path, "names no limit (fail_ratio_max, p95_ms_max, p99_ms_max, rps_min or throughput_mb_s_min)");
            }
            return threshold;
        }

        public void CheckAgainst(RehearsalOptions options, LakemonOptions lake)
        {
            var byName = lake.Rses.Where(r => r.Enabled).ToDictionary(r => r.Name, StringComparer.Ordinal);
            for (var i = 0; i < options.Scenarios.Count; i++)
            {
                var scenario = options.Scenarios[i];
                var (rsesLine, protocolLine) = _lines[scenario];
                var path = $"scenarios[{i}]";
                if (!ProtocolSchemes.IsSupported(scenario.Protocol))
                {
                    Add(protocolLine, $"{path}.protocol", $"unknown protocol '{scenario.Protocol}' (one of {string.Join(", ", ProtocolSchemes.All)})");
                    continue;
                }
                var named = scenario.Kind == RehearsalKind.TpcMatrix ? scenario.Links.SelectMany(l => new[] { l.Source, l.Destination }).Distinct() : scenario.Rses;
                foreach (var rse in named)
                {
                    if (!byName.TryGetValue(rse, out var found))
                    {
                        Add(scenario.Kind == RehearsalKind.TpcMatrix ? scenario.Links.First(l => l.Source == rse || l.Destination == rse).Line : rsesLine,
                            $"{path}.{(scenario.Kind == RehearsalKind.TpcMatrix ? "links" : "rses")}",
                            $"unknown or disabled RSE '{rse}' in {options.LakemonConfig} (known: {string.Join(", ", byName.Keys)})");
                    }
                    else if (found.Protocols.All(p => p.Scheme != scenario.Protocol))
                    {
                        Add(protocolLine, $"{path}.protocol", $"RSE '{rse}' has no {scenario.Protocol} door");
                    }
                }
                if (scenario.Kind != RehearsalKind.TpcMatrix && scenario.Rses.Count == 0 && !byName.Values.Any(r => r.Protocols.Any(p => p.Scheme == scenario.Protocol)))
                {
                    Add(protocolLine, $"{path}.protocol", $"no RSE in {options.LakemonConfig} has a {scenario.Protocol} door");
                }
                var steps = StepsOf(scenario);
                foreach (var threshold in scenario.Thresholds.Where(t => t.Step is not null && !steps.Contains(t.Step)))
                {
                    Add(scenario.Line, $"{path}.thresholds", $"step '{threshold.Step}' is not a step of {RehearsalKinds.ToWire(scenario.Kind)} (its steps: {string.Join(", ", steps)})");
                }
                if (scenario.Kind == RehearsalKind.TpcMatrix && !ProtocolSchemes.TpcModesFor(scenario.Protocol).Contains(scenario.TpcMode))
                {
                    Add(protocolLine, $"{path}.tpc_mode", $"{TpcModeNames.ToWire(scenario.TpcMode)} is not a TPC mode of {scenario.Protocol} doors");
                }
            }
        }

        /// <summary>The step names each kind's scenarios have (what a threshold's `step` may name).</summary>
        private static IReadOnlyList<string> StepsOf(RehearsalScenarioOptions scenario) => scenario.Kind switch
        {
            RehearsalKind.UploadStorm => ["upload"],
            RehearsalKind.ReadStorm => ["read"],
            RehearsalKind.MetadataStorm => ["stat", "list"],
            RehearsalKind.TpcMatrix => ["tpc"],
            _ => [.. scenario.Mix.Where(m => m.Value > 0).Select(m => m.Key)],
        };

        private Dictionary<string, YamlNode> Entries(YamlNode node, string path, IReadOnlyList<string> known)
        {
            var entries = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
            if (node is not YamlMappingNode mapping)
            {
                Add(LineOf(node), path.Length == 0 ? "yaml" : path, "expected a mapping");
                return entries;
            }
            foreach (var (keyNode, value) in mapping.Children)
            {
                var key = (keyNode as YamlScalarNode)?.Value ?? "";
                var keyPath = path.Length == 0 ? key : $"{path}.{key}";
                if (!known.Contains(key))
                {
                    Add(LineOf(keyNode), keyPath, $"unknown key (expected one of {string.Join(", ", known)})");
                }
                else if (!entries.TryAdd(key, value))
                {
                    Add(LineOf(keyNode), keyPath, "duplicate key");
                }
            }
            return entries;
        }

        private string? Scalar(YamlNode node, string path)
        {
            if (node is YamlScalarNode { Value: { Length: > 0 } value })
            {
                return value;
            }
            Add(LineOf(node), path, "expected a non-empty value");
            return null;
        }

        private List<string> StringList(YamlNode node, string path)
        {
            if (node is not YamlSequenceNode list)
            {
                Add(LineOf(node), path, "expected a list");
                return [];
            }
            return [.. list.Children.Select((c, i) => Scalar(c, $"{path}[{i}]")).OfType<string>()];
        }

        private double? NumberOf(YamlNode node, string path)
        {
            if (Scalar(node, path) is not { } text)
            {
                return null;
            }
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
            {
                return value;
            }
            Add(LineOf(node), path, $"'{text}' is not a number");
            return null;
        }

        private double? Number(Dictionary<string, YamlNode> entries, string key, string path, bool positive)
        {
            if (!entries.TryGetValue(key, out var node) || NumberOf(node, path) is not { } value)
            {
                return null;
            }
            if (positive ? value <= 0 : value < 0)
            {
                Add(LineOf(node), path, positive ? "must be positive" : "must not be negative");
                return null;
            }
            return value;
        }

        private int? Int(Dictionary<string, YamlNode> entries, string key, string path, int min)
        {
            if (!entries.TryGetValue(key, out var node) || Scalar(node, path) is not { } text)
            {
                return null;
            }
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min)
            {
                Add(LineOf(node), path, $"'{text}' is not a whole number ≥ {min}");
                return null;
            }
            return value;
        }

        private long Size(YamlNode node, string path)
        {
            if (Scalar(node, path) is not { } text)
            {
                return 0;
            }
            if (!ByteSizeParser.TryParse(text, out var bytes, out var error))
            {
                Add(LineOf(node), path, error);
                return 0;
            }
            if (bytes <= 0)
            {
                Add(LineOf(node), path, "must be positive");
            }
            return bytes;
        }

        private TimeSpan Duration(Dictionary<string, YamlNode> entries, string key, string path, TimeSpan fallback, bool positive)
        {
            if (!entries.TryGetValue(key, out var node) || Scalar(node, path) is not { } text)
            {
                return fallback;
            }
            if (!DurationParser.TryParse(text, out var value, out var error))
            {
                Add(LineOf(node), path, error);
                return fallback;
            }
            if (positive ? value <= TimeSpan.Zero : value < TimeSpan.Zero)
            {
                Add(LineOf(node), path, positive ? "must be positive" : "must not be negative");
                return fallback;
            }
            return value;
        }

        private bool Bool(Dictionary<string, YamlNode> entries, string key, string path, bool fallback)
        {
            if (!entries.TryGetValue(key, out var node) || Scalar(node, path) is not { } text)
            {
                return fallback;
            }
            if (text is "true" or "false")
            {
                return text == "true";
            }
            Add(LineOf(node), path, $"'{text}' is not true or false");
            return fallback;
        }
    }
}
