using System.Globalization;
using Lakemon.Probes.Network;

namespace Lakemon.Probes.Configuration;

// The `network` section (issue 7), kept in its own part of the binder.
internal sealed partial class ConfigBinder
{
    private NetworkOptions? BindNetwork(Entry? entry, List<SiteOptions>? sites)
    {
        if (ReadOptionalSection(entry, ConfigKeys.Network) is not { } section)
        {
            return null;
        }
        var known = sites?.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var endpoints = new Dictionary<string, NetworkSiteOptions>(StringComparer.Ordinal);
        if (section.Get("sites") is { } sitesEntry && !IsNull(sitesEntry.Value))
        {
            if (sitesEntry.Value is not YamlDotNet.RepresentationModel.YamlMappingNode map)
            {
                TypeError(sitesEntry.Value, sitesEntry.Path, "a mapping of site name → endpoints");
            }
            else
            {
                foreach (var (keyNode, value) in map.Children)
                {
                    var name = (keyNode as YamlDotNet.RepresentationModel.YamlScalarNode)?.Value ?? "";
                    var path = $"{sitesEntry.Path}.{name}";
                    if (known is not null && !known.Contains(name))
                    {
                        Add(LineOf(keyNode), path, $"unknown site '{name}' (sites: {string.Join(", ", known)})");
                        continue;
                    }
                    if (ReadSection(value, path, ConfigKeys.NetworkSite) is not { } site)
                    {
                        continue;
                    }
                    endpoints[name] = new NetworkSiteOptions(OptionalEndpoint(site, "reflector"), OptionalEndpoint(site, "throughput_server"),
                        OptionalEndpoint(site, "host"));
                }
            }
        }
        var links = BindNetworkLinks(section, endpoints);
        var from = OptionalString(section, "from", out var fromEntry);
        if (from is not null && known is not null && !known.Contains(from))
        {
            Add(LineOf(fromEntry!.Value), fromEntry.Path, $"unknown site '{from}'");
        }
        var defaults = new NetworkOptions();
        var latency = defaults.Latency with
        {
            Count = OptionalBoundedInt(section, "count", 1, 1_000_000) ?? defaults.Latency.Count,
            Interval = OptionalDuration(section, "interval", allowZero: false) ?? defaults.Latency.Interval,
            Wait = OptionalDuration(section, "wait", allowZero: true) ?? defaults.Latency.Wait,
            Synchronized = OptionalBool(section, "synchronized") ?? false,
        };
        var lossCritical = OptionalRatio(section, "loss_critical");
        var thresholds = new NetworkThresholds
        {
            LossWarning = OptionalRatio(section, "loss_warning") ?? defaults.Thresholds.LossWarning,
            LossCritical = lossCritical ?? defaults.Thresholds.LossCritical,
            RttWarning = OptionalDuration(section, "rtt_warning", allowZero: false),
            RttCritical = OptionalDuration(section, "rtt_critical", allowZero: false),
        };
        // Judged only against a critical limit that is valid (or the default): a bad one is reported on its own line.
        if (thresholds.LossWarning > thresholds.LossCritical && section.Get("loss_warning") is { } warning
            && (lossCritical is not null || !section.HasValue("loss_critical")))
        {
            Add(LineOf(warning.Value), warning.Path, "must not exceed loss_critical");
        }
        return new NetworkOptions
        {
            Sites = endpoints,
            Links = links,
            From = from,
            Latency = latency,
            ThroughputDuration = OptionalDuration(section, "throughput_duration", allowZero: false),
            Streams = OptionalBoundedInt(section, "streams", 1, 128) ?? defaults.Streams,
            Trace = OptionalBool(section, "trace") ?? defaults.Trace,
            Thresholds = thresholds,
            ReflectorListen = OptionalEndpoint(section, "reflector_listen"),
            ThroughputServerListen = OptionalEndpoint(section, "throughput_server_listen"),
        };
    }

    /// <summary>`links` ({src, dst} each) plus, with `mesh: true`, every ordered pair of the sites in network.sites.</summary>
    private List<NetworkLinkOptions> BindNetworkLinks(Section section, Dictionary<string, NetworkSiteOptions> endpoints)
    {
        var links = new List<NetworkLinkOptions>();
        if (OptionalBool(section, "mesh") == true)
        {
            var names = endpoints.Keys.Order(StringComparer.Ordinal).ToList();
            links.AddRange(names.SelectMany(src => names.Where(dst => dst != src).Select(dst => new NetworkLinkOptions(src, dst))));
        }
        if (section.Get("links") is not { } entry || IsNull(entry.Value))
        {
            return links;
        }
        if (ReadList(entry) is not { } list)
        {
            return links;
        }
        for (var i = 0; i < list.Children.Count; i++)
        {
            if (ReadSection(list.Children[i], $"{entry.Path}[{i}]", ConfigKeys.NetworkLink) is not { } link)
            {
                continue;
            }
            var src = RequiredName(link, "src", out _);
            var dst = RequiredName(link, "dst", out var dstEntry);
            if (src is null || dst is null)
            {
                continue;
            }
            if (src == dst)
            {
                Add(LineOf(dstEntry!.Value), dstEntry.Path, "a link needs two different sites");
                continue;
            }
            foreach (var (name, key) in new[] { (src, "src"), (dst, "dst") })
            {
                if (!endpoints.ContainsKey(name))
                {
                    var bad = link.Get(key)!;
                    Add(LineOf(bad.Value), bad.Path, $"site '{name}' has no entry in network.sites");
                }
            }
            if (!links.Contains(new NetworkLinkOptions(src, dst)))
            {
                links.Add(new NetworkLinkOptions(src, dst));
            }
        }
        return links;
    }

    private string? OptionalEndpoint(Section section, string key)
    {
        if (OptionalString(section, key, out var entry) is not { } text)
        {
            return null;
        }
        if (!NetworkEndpoint.TryParse(text, 1, out _, out _, out var error))
        {
            Add(LineOf(entry!.Value), entry.Path, $"expected HOST[:PORT]: {error}");
            return null;
        }
        return text;
    }

    private double? OptionalRatio(Section section, string key)
    {
        if (OptionalString(section, key, out var entry) is not { } text)
        {
            return null;
        }
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var ratio) && ratio is >= 0 and <= 1)
        {
            return ratio;
        }
        Add(LineOf(entry!.Value), entry.Path, $"expected a ratio from 0 to 1 (0.01 is 1 %), got '{text}'");
        return null;
    }
}
