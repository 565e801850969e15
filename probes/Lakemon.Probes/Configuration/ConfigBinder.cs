using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Lakemon.Probes.Results;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Lakemon.Probes.Configuration;

/// <summary>
/// Turns a YAML representation tree into <see cref="LakemonOptions"/>, recording every problem with its line and key
/// path instead of stopping at the first, so one `lakemon config validate` run lists everything to fix.
/// </summary>
internal sealed partial class ConfigBinder(string file, string? baseDirectory)
{
    private readonly List<ConfigError> errors = [];

    public IReadOnlyList<ConfigError> Errors => errors;

    /// <summary>A key and its value, with the full path used in messages.</summary>
    private sealed record Entry(YamlScalarNode Key, YamlNode Value, string Path);

    /// <summary>A mapping's known entries; <see cref="Line"/> is where "missing required key" errors point.</summary>
    private sealed record Section(int Line, string Path, Dictionary<string, Entry> Entries)
    {
        public Entry? Get(string key) => Entries.GetValueOrDefault(key);

        /// <summary>Present with a non-empty value; an empty value means "use the default", like an absent key.</summary>
        public bool HasValue(string key) => Get(key) is { } entry && !IsNull(entry.Value);
    }

    [GeneratedRegex("^[A-Za-z0-9._-]+$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex EnvironmentVariablePattern();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9+.-]*://")]
    private static partial Regex AbsoluteUrlPattern();

    public void Add(int line, string path, string message) => errors.Add(new ConfigError(file, line, path, message));

    public LakemonOptions? Bind(YamlMappingNode root)
    {
        var top = ReadSection(root, "", ConfigKeys.Root)!;
        var sites = BindSites(top, out var sitesReadable);
        var credentials = BindCredentials(top.Get("credentials"), out var credentialsReadable);
        var rses = BindRses(top, sitesReadable ? sites : null, credentialsReadable ? credentials : null);
        var probes = BindProbes(top.Get("probes"));
        var schedules = BindSchedules(top.Get("schedules"));
        var scheduler = BindScheduler(top.Get("scheduler"));
        var sinks = BindSinks(top.Get("sinks"));
        var store = BindStore(top.Get("store"));
        var collector = BindCollector(top.Get("collector"));
        var agent = BindAgent(top.Get("agent"));
        var sla = BindSla(top.Get("sla"), sitesReadable ? sites : null, rses);
        var network = BindNetwork(top.Get("network"), sitesReadable ? sites : null);
        return errors.Count == 0
            ? new LakemonOptions(sites, rses, credentials, probes, schedules, sinks) { Scheduler = scheduler, Store = store, Collector = collector, Agent = agent, Sla = sla, Network = network }
            : null;
    }

    /// <summary>"a", "a or b", "a, b or c".</summary>
    private static string OrList(IReadOnlyList<string> items) =>
        items.Count <= 1 ? string.Concat(items) : $"{string.Join(", ", items.Take(items.Count - 1))} or {items[^1]}";

    private List<SiteOptions> BindSites(Section top, out bool readable)
    {
        var sites = new List<SiteOptions>();
        readable = false;
        if (Required(top, "sites") is not { } entry || ReadList(entry) is not { } list)
        {
            return sites;
        }
        readable = true;
        if (list.Children.Count == 0)
        {
            Add(LineOf(list), entry.Path, "must list at least one site");
        }
        var firstLines = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < list.Children.Count; i++)
        {
            if (ReadSection(list.Children[i], $"sites[{i}]", ConfigKeys.Site) is not { } section)
            {
                continue;
            }
            var name = RequiredName(section, "name", out var nameEntry);
            var description = OptionalString(section, "description", out _);
            if (name is null)
            {
                continue;
            }
            if (!firstLines.TryAdd(name, LineOf(nameEntry!.Value)))
            {
                Add(LineOf(nameEntry.Value), nameEntry.Path, $"duplicate site name '{name}' (first defined at line {firstLines[name]})");
                continue;
            }
            sites.Add(new SiteOptions(name, description));
        }
        return sites;
    }

    private Dictionary<string, CredentialOptions> BindCredentials(Entry? entry, out bool readable)
    {
        var credentials = new Dictionary<string, CredentialOptions>(StringComparer.Ordinal);
        readable = true;
        if (entry is null || IsNull(entry.Value))
        {
            return credentials;
        }
        if (entry.Value is not YamlMappingNode map)
        {
            TypeError(entry.Value, entry.Path, "a mapping");
            readable = false;
            return credentials;
        }
        foreach (var (keyNode, value) in map.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } name } key)
            {
                Add(LineOf(keyNode), entry.Path, "expected a name as key");
                continue;
            }
            var path = $"{entry.Path}.{name}";
            if (!NamePattern().IsMatch(name))
            {
                Add(LineOf(key), path, InvalidName(name));
            }
            var section = IsNull(value) ? new Section(LineOf(key), path, []) : ReadSection(value, path, ConfigKeys.Credential);
            if (section is null)
            {
                continue;
            }
            var caDirectory = OptionalPath(section, "ca_dir");
            var caFile = OptionalPath(section, "ca_file");
            var tokenFile = OptionalPath(section, "token_file");
            var tokenEnv = OptionalEnvironmentVariable(section, "token_env");
            var clientCertificate = OptionalPath(section, "client_cert");
            var clientKey = OptionalPath(section, "client_key");
            if (section.Get("token_file") is not null && section.Get("token_env") is { } tokenEnvEntry)
            {
                Add(LineOf(tokenEnvEntry.Key), tokenEnvEntry.Path, "token_file and token_env are mutually exclusive");
            }
            // A certificate without its key (or the reverse) cannot do a TLS client handshake.
            if (section.Get("client_cert") is { } certEntry && section.Get("client_key") is null)
            {
                Add(LineOf(certEntry.Key), certEntry.Path, "client_cert requires client_key");
            }
            if (section.Get("client_key") is { } keyEntry && section.Get("client_cert") is null)
            {
                Add(LineOf(keyEntry.Key), keyEntry.Path, "client_key requires client_cert");
            }
            credentials[name] = new CredentialOptions(name, caDirectory, caFile, tokenFile, tokenEnv, clientCertificate, clientKey);
        }
        return credentials;
    }

    /// <summary>A null <paramref name="sites"/> or <paramref name="credentials"/> was unreadable: references to it are not judged, to avoid follow-on noise.</summary>
    private List<RseOptions> BindRses(Section top, List<SiteOptions>? sites, Dictionary<string, CredentialOptions>? credentials)
    {
        var rses = new List<RseOptions>();
        if (Required(top, "rses") is not { } entry || ReadList(entry) is not { } list)
        {
            return rses;
        }
        if (list.Children.Count == 0)
        {
            Add(LineOf(list), entry.Path, "must list at least one RSE");
        }
        var siteNames = sites?.Select(site => site.Name).ToList();
        // RSE names end up in metric labels and Rucio, which treat them case-insensitively.
        var firstSeen = new Dictionary<string, (string Name, int Line)>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < list.Children.Count; i++)
        {
            var path = $"rses[{i}]";
            if (ReadSection(list.Children[i], path, ConfigKeys.Rse) is not { } section)
            {
                continue;
            }
            var name = RequiredName(section, "name", out var nameEntry);
            if (name is not null && !firstSeen.TryAdd(name, (name, LineOf(nameEntry!.Value))))
            {
                var first = firstSeen[name];
                var sameSpelling = first.Name == name ? "" : $" as '{first.Name}', names are case-insensitive";
                Add(LineOf(nameEntry.Value), nameEntry.Path, $"duplicate RSE name '{name}' (first defined at line {first.Line}{sameSpelling})");
            }

            var site = RequiredName(section, "site", out var siteEntry);
            if (site is not null && siteNames is not null && !siteNames.Contains(site, StringComparer.Ordinal))
            {
                Add(LineOf(siteEntry!.Value), siteEntry.Path, $"'{site}' is not declared in sites{KeySuggestion.Hint(site, siteNames)}");
            }

            var enabled = OptionalBool(section, "enabled") ?? true;
            var (protocols, protocolsComplete) = BindProtocols(section);

            var checksum = RseOptions.DefaultChecksum;
            if (OptionalString(section, "checksum", out var checksumEntry) is { } checksumName
                && !ConfigKeys.Checksums.TryGetValue(checksumName, out checksum))
            {
                Add(LineOf(checksumEntry!.Value), checksumEntry.Path,
                    $"unsupported checksum '{checksumName}' (supported: {string.Join(", ", ConfigKeys.Checksums.Keys)})");
            }

            var maxConcurrent = OptionalBoundedInt(section, "max_concurrent_probes", 1) ?? RseOptions.DefaultMaxConcurrentProbes;

            CredentialOptions? credential = null;
            if (OptionalString(section, "credentials", out var credentialEntry) is { } credentialName
                && credentials is not null && !credentials.TryGetValue(credentialName, out credential))
            {
                Add(LineOf(credentialEntry!.Value), credentialEntry.Path,
                    $"'{credentialName}' is not declared in credentials{KeySuggestion.Hint(credentialName, credentials.Keys)}");
            }

            var tpcModes = BindTpcModes(section, protocols, protocolsComplete);
            if (name is not null && site is not null)
            {
                rses.Add(new RseOptions(name, site, enabled, protocols, checksum, tpcModes, maxConcurrent, credential));
            }
        }
        return rses;
    }

    private (List<ProtocolOptions> Protocols, bool Complete) BindProtocols(Section rse)
    {
        var protocols = new List<ProtocolOptions>();
        if (Required(rse, "protocols") is not { } entry || ReadList(entry) is not { } list)
        {
            return (protocols, false);
        }
        if (list.Children.Count == 0)
        {
            Add(LineOf(list), entry.Path, "must list at least one protocol");
        }
        var complete = true;
        for (var j = 0; j < list.Children.Count; j++)
        {
            if (ReadSection(list.Children[j], $"{entry.Path}[{j}]", ConfigKeys.Protocol) is not { } section)
            {
                complete = false;
                continue;
            }
            var scheme = RequiredString(section, "scheme", out var schemeEntry);
            if (scheme is not null && !ProtocolSchemes.IsSupported(scheme))
            {
                Add(LineOf(schemeEntry!.Value), schemeEntry.Path,
                    $"unsupported scheme '{scheme}' (supported: {string.Join(", ", ProtocolSchemes.All)})");
                scheme = null;
            }
            var prefixText = RequiredString(section, "prefix", out var prefixEntry);
            Uri? prefix = null;
            if (prefixText is not null && CheckPrefix(prefixText, scheme, out prefix) is { } prefixError)
            {
                Add(LineOf(prefixEntry!.Value), prefixEntry.Path, prefixError);
                prefix = null;
            }
            if (scheme is null || prefix is null)
            {
                complete = false;
                continue;
            }
            protocols.Add(new ProtocolOptions(scheme, prefix));
        }
        return (protocols, complete);
    }

    private static string? CheckPrefix(string text, string? scheme, out Uri? prefix)
    {
        prefix = null;
        var match = AbsoluteUrlPattern().Match(text);
        if (!match.Success)
        {
            return $"'{text}' is not an absolute URL (expected scheme://host/path)";
        }
        var urlScheme = match.Value[..^3].ToLowerInvariant();
        var hasHost = match.Length < text.Length && text[match.Length] != '/';
        if (urlScheme == ProtocolSchemes.File)
        {
            if (hasHost)
            {
                return $"'{text}' names a host; file prefixes are file:///absolute/path";
            }
        }
        else if (!hasHost)
        {
            return $"'{text}' has no host";
        }
        if (!Uri.TryCreate(text, UriKind.Absolute, out prefix))
        {
            return $"'{text}' is not a valid URL";
        }
        if (scheme is not null && !ProtocolSchemes.PrefixSchemesFor(scheme).Contains(urlScheme, StringComparer.Ordinal))
        {
            var accepted = OrList(ProtocolSchemes.PrefixSchemesFor(scheme).Select(s => s + "://").ToList());
            return $"prefix scheme '{urlScheme}' does not match scheme '{scheme}' (expected {accepted})";
        }
        return null;
    }

    private List<TpcMode> BindTpcModes(Section rse, List<ProtocolOptions> protocols, bool protocolsComplete)
    {
        var capable = protocols.SelectMany(p => ProtocolSchemes.TpcModesFor(p.Scheme)).ToHashSet();
        if (rse.Get("tpc_modes") is not { } entry)
        {
            return ConfigKeys.TpcModes.Values.Where(capable.Contains).ToList();
        }
        var modes = new List<TpcMode>();
        if (ReadList(entry) is not { } list)
        {
            return modes;
        }
        for (var k = 0; k < list.Children.Count; k++)
        {
            var item = new Entry(entry.Key, list.Children[k], $"{entry.Path}[{k}]");
            if (ReadScalar(item) is not { } text)
            {
                continue;
            }
            if (!ConfigKeys.TpcModes.TryGetValue(text, out var mode))
            {
                Add(LineOf(item.Value), item.Path, $"unknown tpc mode '{text}' (supported: {string.Join(", ", ConfigKeys.TpcModes.Keys)})");
            }
            else if (modes.Contains(mode))
            {
                Add(LineOf(item.Value), item.Path, $"duplicate tpc mode '{text}'");
            }
            else
            {
                modes.Add(mode);
                // Only judged when every protocol parsed, so a typo in a scheme is not reported twice.
                if (protocolsComplete && !capable.Contains(mode))
                {
                    var needed = OrList(ProtocolSchemes.All.Where(s => ProtocolSchemes.TpcModesFor(s).Contains(mode)).ToList());
                    Add(LineOf(item.Value), item.Path, $"tpc mode '{text}' needs a {needed} protocol, which this RSE does not have");
                }
            }
        }
        return modes;
    }

    private ProbeOptions BindProbes(Entry? entry)
    {
        var defaults = ProbeOptions.Default;
        if (ReadOptionalSection(entry, ConfigKeys.Probes) is not { } section)
        {
            return defaults;
        }
        var sizes = section.Get("sizes") is { } sizesEntry ? BindSizes(sizesEntry) : defaults.Sizes;
        var timeout = TimeoutOrInherited(section, defaults.Timeout);
        var lifetime = OptionalDuration(section, "file_lifetime", allowZero: false) ?? defaults.FileLifetime;
        var maxConcurrent = OptionalBoundedInt(section, "max_concurrent", 1) ?? ProbeOptions.DefaultMaxConcurrent;
        var maxPerSite = OptionalBoundedInt(section, "max_concurrent_per_site", 1);
        var modules = BindModules(section.Get("modules"), timeout);
        return new ProbeOptions(sizes, timeout ?? defaults.Timeout, lifetime)
        {
            MaxConcurrent = maxConcurrent,
            MaxConcurrentPerSite = maxPerSite,
            Modules = modules,
        };
    }

    private List<long> BindSizes(Entry entry)
    {
        var sizes = new List<long>();
        if (ReadList(entry) is not { } list)
        {
            return sizes;
        }
        if (list.Children.Count == 0)
        {
            Add(LineOf(list), entry.Path, "must list at least one size");
        }
        for (var k = 0; k < list.Children.Count; k++)
        {
            var item = new Entry(entry.Key, list.Children[k], $"{entry.Path}[{k}]");
            if (ReadScalar(item) is not { } text)
            {
                continue;
            }
            if (PositiveSize(item, text) is { } bytes)
            {
                sizes.Add(bytes);
            }
        }
        return sizes;
    }

    /// <summary>A size such as <c>1GiB</c> that must be positive; null when it is not (reported).</summary>
    private long? PositiveSize(Entry entry, string text)
    {
        if (!ByteSizeParser.TryParse(text, out var bytes, out var error))
        {
            Add(LineOf(entry.Value), entry.Path, error);
            return null;
        }
        if (bytes <= 0)
        {
            Add(LineOf(entry.Value), entry.Path, "size must be positive");
            return null;
        }
        return bytes;
    }

    /// <summary>Module names are operation wire names, so an unknown one gets the usual "unknown key" hint.</summary>
    /// <param name="probeTimeout">probes.timeout, the default of every module's timeout; null when it was invalid.</param>
    private Dictionary<ProbeOperation, ProbeModuleOptions> BindModules(Entry? entry, TimeSpan? probeTimeout)
    {
        var modules = new Dictionary<ProbeOperation, ProbeModuleOptions>();
        if (ReadOptionalSection(entry, ConfigKeys.ProbeModules) is not { } section)
        {
            return modules;
        }
        foreach (var (name, moduleEntry) in section.Entries)
        {
            if (ReadOptionalSection(moduleEntry, ConfigKeys.ProbeModule) is not { } module)
            {
                continue;
            }
            var timeout = TimeoutOrInherited(module, probeTimeout);
            var warn = OptionalDuration(module, "warn", allowZero: false);
            var retries = OptionalBoundedInt(module, "retries", 0, ProbeModuleOptions.MaxRetries) ?? 0;
            // A warn threshold at or above the timeout could never fire: the attempt is cancelled first.
            if (warn is { } threshold && timeout is { } budget && threshold >= budget)
            {
                var warnEntry = module.Get("warn")!;
                var origin = module.HasValue("timeout") ? "" : ", from probes.timeout";
                Add(LineOf(warnEntry.Value), warnEntry.Path,
                    $"must be less than the timeout ({DurationParser.Format(budget)}{origin}), got {DurationParser.Format(threshold)}");
            }
            if (timeout is not null && ProbeOperations.TryParse(name, out var operation))
            {
                modules[operation] = new ProbeModuleOptions(timeout.Value, warn, retries);
            }
        }
        return modules;
    }

    private ScheduleOptions BindSchedules(Entry? entry)
    {
        var defaults = ScheduleOptions.Default;
        if (ReadOptionalSection(entry, ConfigKeys.Schedules) is not { } section)
        {
            return defaults;
        }
        return new ScheduleOptions(
            OptionalCron(section, "storage") ?? defaults.Storage,
            OptionalCron(section, "tpc") ?? defaults.Tpc,
            OptionalCron(section, "janitor") ?? defaults.Janitor,
            OptionalDuration(section, "jitter", allowZero: true) ?? defaults.Jitter)
        {
            Network = OptionalCron(section, "network") ?? defaults.Network,
        };
    }

    private SchedulerOptions BindScheduler(Entry? entry)
    {
        if (ReadOptionalSection(entry, ConfigKeys.Scheduler) is not { } section)
        {
            return SchedulerOptions.Default;
        }
        var instanceId = SchedulerOptions.AutoInstanceId;
        if (OptionalString(section, "instance_id", out var idEntry) is { } id)
        {
            // Quartz keeps the id in a VARCHAR(200) column and in log lines; the usual name rule keeps it printable.
            if (id != SchedulerOptions.AutoInstanceId && !NamePattern().IsMatch(id))
            {
                Add(LineOf(idEntry!.Value), idEntry.Path,
                    $"invalid instance id '{id}' (use letters, digits, '.', '_' and '-', or {SchedulerOptions.AutoInstanceId})");
            }
            instanceId = id;
        }
        SchedulerPostgresOptions? postgres = null;
        if (ReadOptionalSection(section.Get("postgres"), ConfigKeys.SchedulerPostgres) is { } postgresSection
            && RequiredString(postgresSection, "connection_env", out var envEntry) is { } connectionEnv)
        {
            if (EnvironmentVariablePattern().IsMatch(connectionEnv))
            {
                postgres = new SchedulerPostgresOptions(connectionEnv);
            }
            else
            {
                Add(LineOf(envEntry!.Value), envEntry.Path, $"'{connectionEnv}' is not a valid environment variable name");
            }
        }
        return new SchedulerOptions(instanceId, postgres);
    }

    private SinkOptions BindSinks(Entry? entry)
    {
        if (ReadOptionalSection(entry, ConfigKeys.Sinks) is not { } section)
        {
            return SinkOptions.None;
        }

        PrometheusSinkOptions? prometheus = null;
        if (ReadOptionalSection(section.Get("prometheus"), ConfigKeys.Prometheus) is { } prometheusSection)
        {
            prometheus = PrometheusSinkOptions.Default;
            if (OptionalString(prometheusSection, "listen", out var listenEntry) is { } listen)
            {
                if (ParseHostPort(listen, out var host, out var port) is { } error)
                {
                    Add(LineOf(listenEntry!.Value), listenEntry.Path, error);
                }
                else
                {
                    prometheus = new PrometheusSinkOptions(host, port);
                }
            }
        }

        OtlpSinkOptions? otlp = null;
        if (ReadOptionalSection(section.Get("otlp"), ConfigKeys.Otlp) is { } otlpSection)
        {
            var endpoint = OptionalHttpUrl(otlpSection, "endpoint") ?? OtlpSinkOptions.DefaultEndpoint;
            otlp = new OtlpSinkOptions(endpoint, BindHeaders(otlpSection.Get("headers")));
        }

        InfluxDbSinkOptions? influx = null;
        if (ReadOptionalSection(section.Get("influxdb"), ConfigKeys.InfluxDb) is { } influxSection)
        {
            var url = Required(influxSection, "url") is not null ? OptionalHttpUrl(influxSection, "url") : null;
            var version = OptionalInt(influxSection, "version", out var versionEntry) ?? InfluxDbSinkOptions.DefaultVersion;
            if (version is not (1 or 2))
            {
                Add(LineOf(versionEntry!.Value), versionEntry.Path, $"must be 1 or 2, got {version}");
            }
            var org = OptionalString(influxSection, "org", out _);
            var bucket = OptionalString(influxSection, "bucket", out _);
            var database = OptionalString(influxSection, "database", out _);
            var tokenEnv = OptionalEnvironmentVariable(influxSection, "token_env");
            // InfluxDB 2 addresses data by org and bucket, InfluxDB 1 by database.
            string[] needed = version switch { 2 => ["org", "bucket"], 1 => ["database"], _ => [] };
            foreach (var key in needed)
            {
                Required(influxSection, key);
            }
            var spool = OptionalPath(influxSection, "spool")
                ?? (baseDirectory is null ? InfluxDbSinkOptions.DefaultSpoolName : Path.Combine(baseDirectory, InfluxDbSinkOptions.DefaultSpoolName));
            var spoolMax = OptionalString(influxSection, "spool_max_size", out var spoolMaxEntry) is { } spoolMaxText
                ? PositiveSize(spoolMaxEntry!, spoolMaxText)
                : null;
            if (url is not null)
            {
                influx = new InfluxDbSinkOptions(url, version, org, bucket, tokenEnv, database)
                {
                    SpoolDirectory = spool,
                    SpoolMaxBytes = spoolMax ?? InfluxDbSinkOptions.DefaultSpoolMaxBytes,
                };
            }
        }
        return new SinkOptions(prometheus, otlp, influx);
    }

    private StoreOptions BindStore(Entry? entry)
    {
        var defaults = StoreOptions.NextTo(baseDirectory);
        if (ReadOptionalSection(entry, ConfigKeys.Store) is not { } section)
        {
            return defaults;
        }
        var retention = OptionalDuration(section, "retention", allowZero: false) ?? defaults.Retention;
        if (section.Get("sqlite") is not null && section.Get("postgres") is { } both)
        {
            Add(LineOf(both.Key), both.Path, "sqlite and postgres are mutually exclusive: results go to one store");
        }
        if (ReadOptionalSection(section.Get("postgres"), ConfigKeys.PostgresStore) is { } postgres)
        {
            var variable = OptionalEnvironmentVariable(postgres, "connection_env");
            var file = OptionalPath(postgres, "connection_file");
            if (postgres.HasValue("connection_env") && postgres.Get("connection_file") is { } fileEntry)
            {
                Add(LineOf(fileEntry.Key), fileEntry.Path, "connection_env and connection_file are mutually exclusive");
            }
            else if (!postgres.HasValue("connection_env") && !postgres.HasValue("connection_file"))
            {
                Add(postgres.Line, postgres.Path,
                    "needs connection_env or connection_file: the connection string holds a password, so it is never written in the configuration");
            }
            return defaults with { Sqlite = null, Postgres = new PostgresStoreOptions(variable, file), Retention = retention };
        }
        var path = ReadOptionalSection(section.Get("sqlite"), ConfigKeys.SqliteStore) is { } sqlite ? OptionalPath(sqlite, "path") : null;
        return defaults with { Sqlite = path is null ? defaults.Sqlite : new SqliteStoreOptions(path), Retention = retention };
    }

    private SlaOptions BindSla(Entry? entry, List<SiteOptions>? sites, List<RseOptions> rses)
    {
        var defaults = SlaOptions.Defaults(baseDirectory);
        if (ReadOptionalSection(entry, ConfigKeys.Sla) is not { } section)
        {
            return defaults;
        }
        var slice = OptionalDuration(section, "slice", allowZero: false) ?? defaults.Slice;
        if (section.Get("slice") is { } sliceEntry && (slice < TimeSpan.FromMinutes(1) || TimeSpan.FromDays(1).Ticks % slice.Ticks != 0))
        {
            Add(LineOf(sliceEntry.Value), sliceEntry.Path, "must be at least 1m and divide a day evenly (e.g. 1m, 5m, 15m, 1h)");
        }
        var freshness = OptionalDuration(section, "freshness", allowZero: false);
        var protocols = OptionalProfileMode(section, "protocols") ?? defaults.Protocols;
        var siteRses = OptionalProfileMode(section, "rses") ?? defaults.Rses;
        var rseNames = rses.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        var siteNames = sites?.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var perRse = BindProfileModes(section.Get("protocols_per_rse"), rseNames, "RSE");
        var perSite = BindProfileModes(section.Get("rses_per_site"), siteNames, "site");
        var targets = defaults.Targets;
        if (ReadOptionalSection(section.Get("targets"), ConfigKeys.SlaTargets) is { } targetSection)
        {
            targets = new SlaTargets(
                OptionalFraction(targetSection, "availability") ?? targets.Availability,
                OptionalFraction(targetSection, "reliability") ?? targets.Reliability,
                OptionalFraction(targetSection, "unknown") ?? targets.Unknown);
        }
        var downtimes = new List<DowntimeOptions>();
        if (section.Get("downtimes") is { } downtimesEntry && !IsNull(downtimesEntry.Value) && ReadList(downtimesEntry) is { } list)
        {
            for (var i = 0; i < list.Children.Count; i++)
            {
                if (ReadSection(list.Children[i], $"{downtimesEntry.Path}[{i}]", ConfigKeys.SlaDowntime) is { } downtime
                    && BindDowntime(downtime, rseNames, siteNames) is { } bound)
                {
                    downtimes.Add(bound);
                }
            }
        }
        var files = new List<string>();
        if (section.Get("downtime_files") is { } filesEntry && !IsNull(filesEntry.Value) && ReadList(filesEntry) is { } fileList)
        {
            foreach (var item in fileList.Children)
            {
                if (item is YamlScalarNode { Value: { Length: > 0 } text })
                {
                    files.Add(baseDirectory is null || Path.IsPathRooted(text) ? text : Path.GetFullPath(Path.Combine(baseDirectory, text)));
                }
                else
                {
                    TypeError(item, filesEntry.Path, "a file path");
                }
            }
        }
        var refresh = OptionalCron(section, "refresh") ?? defaults.Refresh;
        var report = defaults.Report;
        if (ReadOptionalSection(section.Get("report"), ConfigKeys.SlaReport) is { } reportSection)
        {
            var formats = report.Formats;
            if (reportSection.Get("formats") is { } formatsEntry && !IsNull(formatsEntry.Value) && ReadList(formatsEntry) is { } formatList)
            {
                var parsed = new List<SlaReportFormat>();
                foreach (var item in formatList.Children)
                {
                    if (item is YamlScalarNode { Value: { } name } && SlaReportFormats.TryParse(name, out var format))
                    {
                        parsed.Add(format);
                    }
                    else
                    {
                        Add(LineOf(item), formatsEntry.Path, $"expected one of {OrList(SlaReportFormats.All)}, got {(item is YamlScalarNode scalar ? $"'{scalar.Value}'" : "something else")}");
                    }
                }
                formats = parsed;
            }
            report = new SlaReportOptions(
                OptionalCron(reportSection, "schedule") ?? report.Schedule,
                OptionalPath(reportSection, "directory") ?? report.Directory,
                formats);
        }
        return new SlaOptions(slice, freshness, protocols, siteRses, perRse, perSite, targets, downtimes, files, refresh, report);
    }

    private DowntimeOptions? BindDowntime(Section section, HashSet<string> rseNames, HashSet<string>? siteNames)
    {
        var rse = OptionalString(section, "rse", out var rseEntry);
        var site = OptionalString(section, "site", out var siteEntry);
        if ((rse is null) == (site is null))
        {
            Add(section.Line, section.Path, "needs exactly one of rse and site");
        }
        else if (rse is not null && !rseNames.Contains(rse))
        {
            Add(LineOf(rseEntry!.Value), rseEntry.Path, $"unknown RSE '{rse}'{KeySuggestion.Hint(rse, [.. rseNames])}");
        }
        else if (site is not null && siteNames is not null && !siteNames.Contains(site))
        {
            Add(LineOf(siteEntry!.Value), siteEntry.Path, $"unknown site '{site}'{KeySuggestion.Hint(site, [.. siteNames])}");
        }
        var start = RequiredTime(section, "start");
        var end = RequiredTime(section, "end");
        var declared = RequiredTime(section, "declared");
        if (start is { } s && end is { } e && e <= s)
        {
            var endEntry = section.Get("end")!;
            Add(LineOf(endEntry.Value), endEntry.Path, "must be after start");
            return null;
        }
        var description = OptionalString(section, "description", out _);
        return start is null || end is null || declared is null ? null : new DowntimeOptions(rse, site, start.Value, end.Value, declared.Value, description);
    }

    private DateTimeOffset? RequiredTime(Section section, string key)
    {
        if (RequiredString(section, key, out var entry) is not { } text)
        {
            return null;
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            return time;
        }
        Add(LineOf(entry!.Value), entry.Path, $"expected an ISO 8601 time such as 2026-11-02T08:00:00Z, got '{text}'");
        return null;
    }

    private SlaProfileMode? OptionalProfileMode(Section section, string key)
    {
        if (OptionalString(section, key, out var entry) is not { } text)
        {
            return null;
        }
        if (ConfigKeys.SlaProfileModes.TryGetValue(text, out var mode))
        {
            return mode;
        }
        Add(LineOf(entry!.Value), entry.Path, $"expected 'and' or 'or', got '{text}'");
        return null;
    }

    private Dictionary<string, SlaProfileMode> BindProfileModes(Entry? entry, HashSet<string>? known, string what)
    {
        var modes = new Dictionary<string, SlaProfileMode>(StringComparer.Ordinal);
        if (entry is null || IsNull(entry.Value))
        {
            return modes;
        }
        if (entry.Value is not YamlMappingNode map)
        {
            TypeError(entry.Value, entry.Path, "a mapping");
            return modes;
        }
        foreach (var (keyNode, value) in map.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } name } key)
            {
                Add(LineOf(keyNode), entry.Path, "expected a name as key");
                continue;
            }
            var path = $"{entry.Path}.{name}";
            if (known is not null && !known.Contains(name))
            {
                Add(LineOf(key), path, $"unknown {what} '{name}'{KeySuggestion.Hint(name, [.. known])}");
                continue;
            }
            if (value is YamlScalarNode { Value: { } text } && ConfigKeys.SlaProfileModes.TryGetValue(text, out var mode))
            {
                modes[name] = mode;
            }
            else
            {
                Add(LineOf(value), path, $"expected 'and' or 'or', got {(value is YamlScalarNode scalar ? $"'{scalar.Value}'" : "something else")}");
            }
        }
        return modes;
    }

    /// <summary>A fraction written as 0.8 or 80%.</summary>
    private double? OptionalFraction(Section section, string key)
    {
        if (OptionalString(section, key, out var entry) is not { } text)
        {
            return null;
        }
        var percent = text.EndsWith('%');
        if (double.TryParse(percent ? text[..^1] : text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            value = percent ? value / 100 : value;
            if (value is >= 0 and <= 1)
            {
                return value;
            }
        }
        Add(LineOf(entry!.Value), entry.Path, $"expected a fraction between 0 and 1 or a percentage (0.8, 80%), got '{text}'");
        return null;
    }

    private CollectorOptions BindCollector(Entry? entry)
    {
        var options = CollectorOptions.Default;
        if (ReadOptionalSection(entry, ConfigKeys.Collector) is not { } section)
        {
            return options;
        }
        if (OptionalString(section, "listen", out var listenEntry) is { } listen)
        {
            if (ParseHostPort(listen, out var host, out var port) is { } error)
            {
                Add(LineOf(listenEntry!.Value), listenEntry.Path, error);
            }
            else
            {
                options = options with { Host = host, Port = port };
            }
        }
        var (tokenEnv, tokenFile) = TokenReference(section, required: false);
        return options with { TokenEnv = tokenEnv, TokenFile = tokenFile };
    }

    private AgentOptions? BindAgent(Entry? entry)
    {
        if (ReadOptionalSection(entry, ConfigKeys.Agent) is not { } section)
        {
            return null;
        }
        var collector = Required(section, "collector") is not null ? OptionalHttpUrl(section, "collector") : null;
        var (tokenEnv, tokenFile) = TokenReference(section, required: true);
        var spool = OptionalPath(section, "spool")
            ?? (baseDirectory is null ? AgentOptions.DefaultSpoolName : Path.Combine(baseDirectory, AgentOptions.DefaultSpoolName));
        return collector is null ? null : new AgentOptions(collector, tokenEnv, tokenFile, spool);
    }

    /// <summary>token_env or token_file (never the token itself), exclusive; an agent must have one.</summary>
    private (string? Env, string? File) TokenReference(Section section, bool required)
    {
        var env = OptionalEnvironmentVariable(section, "token_env");
        var file = OptionalPath(section, "token_file");
        if (section.HasValue("token_env") && section.Get("token_file") is { } fileEntry)
        {
            Add(LineOf(fileEntry.Key), fileEntry.Path, "token_env and token_file are mutually exclusive");
        }
        else if (required && !section.HasValue("token_env") && !section.HasValue("token_file"))
        {
            Add(section.Line, section.Path, "needs token_env or token_file: the collector's ingest API takes only authenticated agents");
        }
        return (env, file);
    }

    private Dictionary<string, string> BindHeaders(Entry? entry)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (entry is null || IsNull(entry.Value))
        {
            return headers;
        }
        if (entry.Value is not YamlMappingNode map)
        {
            TypeError(entry.Value, entry.Path, "a mapping");
            return headers;
        }
        foreach (var (keyNode, value) in map.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { Length: > 0 } name } key)
            {
                Add(LineOf(keyNode), entry.Path, "expected a header name as key");
                continue;
            }
            if (ReadScalar(new Entry(key, value, $"{entry.Path}.{name}")) is { } text)
            {
                headers[name] = text;
            }
        }
        return headers;
    }

    private static string? ParseHostPort(string text, out string host, out int port)
    {
        host = "";
        port = 0;
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || colon == text.Length - 1)
        {
            return $"'{text}' is not host:port";
        }
        var hostPart = text[..colon];
        var portPart = text[(colon + 1)..];
        if (hostPart.StartsWith('[') && hostPart.EndsWith(']'))
        {
            hostPart = hostPart[1..^1];
            if (!IPAddress.TryParse(hostPart, out var address) || address.AddressFamily != AddressFamily.InterNetworkV6)
            {
                return $"'{hostPart}' is not an IPv6 address";
            }
        }
        else if (hostPart.Contains(':', StringComparison.Ordinal))
        {
            return $"'{text}' is not host:port (write IPv6 addresses in brackets, e.g. [::1]:9464)";
        }
        else if (Uri.CheckHostName(hostPart) == UriHostNameType.Unknown)
        {
            return $"'{hostPart}' is not a valid host";
        }
        if (!int.TryParse(portPart, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port > 65535)
        {
            return portPart.All(char.IsAsciiDigit) ? $"port {portPart} is out of range 0-65535" : $"port '{portPart}' is not a number";
        }
        host = hostPart;
        return null;
    }

    private Uri? OptionalHttpUrl(Section section, string key)
    {
        if (OptionalString(section, key, out var entry) is not { } text)
        {
            return null;
        }
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            && uri.Host.Length > 0)
        {
            return uri;
        }
        Add(LineOf(entry!.Value), entry.Path, $"expected an http or https URL, got '{text}'");
        return null;
    }

    private CronSchedule? OptionalCron(Section section, string key)
    {
        if (OptionalString(section, key, out var entry) is not { } text)
        {
            return null;
        }
        if (CronSchedule.TryParse(text, out var schedule, out var error))
        {
            return schedule;
        }
        Add(LineOf(entry!.Value), entry.Path, error);
        return null;
    }

    /// <summary>
    /// The section's "timeout", or <paramref name="inherited"/> when it has none. Null when the timeout is invalid (that
    /// is already reported), so that nothing is judged against a guessed budget.
    /// </summary>
    private TimeSpan? TimeoutOrInherited(Section section, TimeSpan? inherited) =>
        OptionalDuration(section, "timeout", allowZero: false) ?? (section.HasValue("timeout") ? null : inherited);

    private TimeSpan? OptionalDuration(Section section, string key, bool allowZero)
    {
        if (OptionalString(section, key, out var entry) is not { } text)
        {
            return null;
        }
        if (!DurationParser.TryParse(text, out var duration, out var error))
        {
            Add(LineOf(entry!.Value), entry.Path, error);
            return null;
        }
        if (duration < TimeSpan.Zero || (duration == TimeSpan.Zero && !allowZero))
        {
            Add(LineOf(entry!.Value), entry.Path, allowZero ? "duration must not be negative" : "duration must be positive");
            return null;
        }
        return duration;
    }

    private string? OptionalPath(Section section, string key)
    {
        if (OptionalString(section, key, out _) is not { } text)
        {
            return null;
        }
        // Relative to the config file, not the working directory, so `lakemon -c /etc/lakemon/x.yaml` works from anywhere.
        return baseDirectory is null || Path.IsPathRooted(text) ? text : Path.GetFullPath(Path.Combine(baseDirectory, text));
    }

    private string? OptionalEnvironmentVariable(Section section, string key)
    {
        if (OptionalString(section, key, out var entry) is not { } name)
        {
            return null;
        }
        if (!EnvironmentVariablePattern().IsMatch(name))
        {
            Add(LineOf(entry!.Value), entry.Path, $"'{name}' is not a valid environment variable name");
        }
        return name;
    }

    private bool? OptionalBool(Section section, string key)
    {
        if (OptionalString(section, key, out var entry) is not { } text)
        {
            return null;
        }
        // YAML 1.2 core schema booleans only: "yes"/"on" are YAML 1.1 and surprise people (the Norway problem).
        switch (text)
        {
            case "true" or "True" or "TRUE":
                return true;
            case "false" or "False" or "FALSE":
                return false;
            default:
                Add(LineOf(entry!.Value), entry.Path, $"expected true or false, got '{text}'");
                return null;
        }
    }

    private int? OptionalInt(Section section, string key, out Entry? entry)
    {
        if (OptionalString(section, key, out entry) is not { } text)
        {
            return null;
        }
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }
        Add(LineOf(entry!.Value), entry.Path, $"expected an integer, got '{text}'");
        return null;
    }

    private int? OptionalBoundedInt(Section section, string key, int min, int max = int.MaxValue)
    {
        if (OptionalInt(section, key, out var entry) is not { } value)
        {
            return null;
        }
        if (value >= min && value <= max)
        {
            return value;
        }
        Add(LineOf(entry!.Value), entry.Path,
            max == int.MaxValue ? $"must be at least {min}, got {value}" : $"must be between {min} and {max}, got {value}");
        return null;
    }

    private string? RequiredName(Section section, string key, out Entry? entry)
    {
        var name = RequiredString(section, key, out entry);
        if (name is not null && !NamePattern().IsMatch(name))
        {
            Add(LineOf(entry!.Value), entry.Path, InvalidName(name));
            return null;
        }
        return name;
    }

    private static string InvalidName(string name) => $"invalid name '{name}' (use letters, digits, '.', '_' and '-')";

    private string? RequiredString(Section section, string key, out Entry? entry)
    {
        entry = Required(section, key);
        if (entry is null)
        {
            return null;
        }
        if (IsNull(entry.Value))
        {
            Add(LineOf(entry.Key), entry.Path, "must not be empty");
            return null;
        }
        return ReadScalar(entry);
    }

    /// <summary>An absent key and a key with an empty value both mean "use the default".</summary>
    private string? OptionalString(Section section, string key, out Entry? entry)
    {
        entry = section.Get(key);
        return entry is null || IsNull(entry.Value) ? null : ReadScalar(entry);
    }

    private Entry? Required(Section section, string key)
    {
        var entry = section.Get(key);
        if (entry is null)
        {
            Add(section.Line, Join(section.Path, key), $"missing required key '{key}'");
        }
        return entry;
    }

    private string? ReadScalar(Entry entry)
    {
        if (entry.Value is YamlScalarNode scalar)
        {
            return scalar.Value ?? "";
        }
        TypeError(entry.Value, entry.Path, "a scalar");
        return null;
    }

    private YamlSequenceNode? ReadList(Entry entry)
    {
        if (entry.Value is YamlSequenceNode list)
        {
            return list;
        }
        TypeError(entry.Value, entry.Path, "a list");
        return null;
    }

    /// <summary>An optional section written as a bare "key:" is an empty section: all defaults.</summary>
    private Section? ReadOptionalSection(Entry? entry, IReadOnlyList<string> known)
    {
        if (entry is null)
        {
            return null;
        }
        return IsNull(entry.Value) ? new Section(LineOf(entry.Key), entry.Path, []) : ReadSection(entry.Value, entry.Path, known);
    }

    private Section? ReadSection(YamlNode node, string path, IReadOnlyList<string> known)
    {
        if (node is not YamlMappingNode map)
        {
            TypeError(node, path, "a mapping");
            return null;
        }
        var entries = new Dictionary<string, Entry>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in map.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } name } key)
            {
                Add(LineOf(keyNode), path, "expected a scalar key");
                continue;
            }
            var keyPath = Join(path, name);
            if (!known.Contains(name, StringComparer.Ordinal))
            {
                Add(LineOf(key), keyPath, $"unknown key '{name}'{KeySuggestion.Hint(name, known)}");
                continue;
            }
            entries[name] = new Entry(key, value, keyPath);
        }
        return new Section(LineOf(map), path, entries);
    }

    private void TypeError(YamlNode node, string path, string expected)
    {
        var actual = node switch
        {
            YamlMappingNode => "a mapping",
            YamlSequenceNode => "a list",
            _ when IsNull(node) => "an empty value",
            YamlScalarNode scalar => $"'{scalar.Value}'",
            _ => "something else",
        };
        Add(LineOf(node), path, $"expected {expected}, got {actual}");
    }

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    internal static int LineOf(YamlNode node) => (int)node.Start.Line;
}
