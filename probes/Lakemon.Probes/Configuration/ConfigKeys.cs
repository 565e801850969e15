using Lakemon.Probes.Results;

namespace Lakemon.Probes.Configuration;

/// <summary>
/// The YAML key and value names the loader accepts, kept here once so the binder, the "did you mean" hints and the
/// schema drift test all read the same lists.
/// </summary>
internal static class ConfigKeys
{
    public static readonly IReadOnlyList<string> Root = ["sites", "rses", "credentials", "probes", "schedules", "scheduler", "sinks", "store", "collector", "agent", "sla", "network"];
    public static readonly IReadOnlyList<string> Site = ["name", "description"];
    public static readonly IReadOnlyList<string> Rse =
        ["name", "site", "enabled", "protocols", "checksum", "tpc_modes", "max_concurrent_probes", "credentials"];
    public static readonly IReadOnlyList<string> Protocol = ["scheme", "prefix"];
    public static readonly IReadOnlyList<string> Credential =
        ["ca_dir", "ca_file", "token_file", "token_env", "client_cert", "client_key"];
    public static readonly IReadOnlyList<string> Probes = ["sizes", "timeout", "file_lifetime", "max_concurrent", "max_concurrent_per_site", "modules"];
    public static readonly IReadOnlyList<string> ProbeModules = ProbeOperations.All;
    public static readonly IReadOnlyList<string> ProbeModule = ["timeout", "warn", "retries"];
    public static readonly IReadOnlyList<string> Schedules = ["storage", "tpc", "janitor", "network", "jitter"];
    public static readonly IReadOnlyList<string> Scheduler = ["instance_id", "postgres"];
    public static readonly IReadOnlyList<string> SchedulerPostgres = ["connection_env"];
    public static readonly IReadOnlyList<string> Collector = ["listen", "token_env", "token_file"];
    public static readonly IReadOnlyList<string> Agent = ["collector", "token_env", "token_file", "spool"];
    public static readonly IReadOnlyList<string> Sinks = ["prometheus", "otlp", "influxdb"];
    public static readonly IReadOnlyList<string> Prometheus = ["listen"];
    public static readonly IReadOnlyList<string> Otlp = ["endpoint", "headers"];
    public static readonly IReadOnlyList<string> InfluxDb = ["url", "version", "org", "bucket", "token_env", "database", "spool", "spool_max_size"];
    public static readonly IReadOnlyList<string> Store = ["sqlite", "postgres", "retention"];
    public static readonly IReadOnlyList<string> SqliteStore = ["path"];
    public static readonly IReadOnlyList<string> PostgresStore = ["connection_env", "connection_file"];
    public static readonly IReadOnlyList<string> Sla =
        ["slice", "freshness", "protocols", "rses", "protocols_per_rse", "rses_per_site", "targets", "downtimes", "downtime_files", "refresh", "report"];
    public static readonly IReadOnlyList<string> SlaTargets = ["availability", "reliability", "unknown"];
    public static readonly IReadOnlyList<string> SlaDowntime = ["rse", "site", "start", "end", "declared", "description"];
    public static readonly IReadOnlyList<string> SlaReport = ["schedule", "directory", "formats"];
    public static readonly IReadOnlyList<string> Network =
    [
        "sites", "links", "mesh", "from", "count", "interval", "wait", "synchronized", "throughput_duration", "streams", "trace",
        "loss_warning", "loss_critical", "rtt_warning", "rtt_critical", "reflector_listen", "throughput_server_listen",
    ];
    public static readonly IReadOnlyList<string> NetworkSite = ["reflector", "throughput_server", "host"];
    public static readonly IReadOnlyList<string> NetworkLink = ["src", "dst"];

    /// <summary>Every mapping the loader knows, by a path where "[]" is "any list item" and "*" is "any map entry".</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> BySection = new Dictionary<string, IReadOnlyList<string>>
    {
        [""] = Root,
        ["sites[]"] = Site,
        ["rses[]"] = Rse,
        ["rses[].protocols[]"] = Protocol,
        ["credentials.*"] = Credential,
        ["probes"] = Probes,
        ["probes.modules"] = ProbeModules,
        ["probes.modules.*"] = ProbeModule,
        ["schedules"] = Schedules,
        ["scheduler"] = Scheduler,
        ["scheduler.postgres"] = SchedulerPostgres,
        ["sinks"] = Sinks,
        ["collector"] = Collector,
        ["agent"] = Agent,
        ["sinks.prometheus"] = Prometheus,
        ["sinks.otlp"] = Otlp,
        ["sinks.influxdb"] = InfluxDb,
        ["store"] = Store,
        ["store.sqlite"] = SqliteStore,
        ["store.postgres"] = PostgresStore,
        ["sla"] = Sla,
        ["sla.targets"] = SlaTargets,
        ["sla.downtimes[]"] = SlaDowntime,
        ["sla.report"] = SlaReport,
        ["network"] = Network,
        ["network.sites.*"] = NetworkSite,
        ["network.links[]"] = NetworkLink,
    };

    public static readonly IReadOnlyDictionary<string, SlaProfileMode> SlaProfileModes = new Dictionary<string, SlaProfileMode>
    {
        ["and"] = SlaProfileMode.And,
        ["or"] = SlaProfileMode.Or,
    };

    public static readonly IReadOnlyDictionary<string, ChecksumAlgorithm> Checksums = new Dictionary<string, ChecksumAlgorithm>
    {
        ["adler32"] = ChecksumAlgorithm.Adler32,
        ["md5"] = ChecksumAlgorithm.Md5,
    };

    public static readonly IReadOnlyDictionary<string, TpcMode> TpcModes = TpcModeNames.ByName;

    public static string NameOf(TpcMode mode) => TpcModeNames.ToWire(mode);
}
