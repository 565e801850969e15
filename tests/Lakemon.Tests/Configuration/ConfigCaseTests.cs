using Lakemon.Probes.Configuration;
using Lakemon.Probes.Results;

namespace Lakemon.Tests.Configuration;

public class ConfigCaseTests
{
    public static TheoryData<string> InvalidCases() => new(ConfigCases.Names("invalid-*.yaml"));

    public static TheoryData<string> ValidCases() => new(ConfigCases.Names("valid-*.yaml"));

    [Theory]
    [MemberData(nameof(InvalidCases))]
    public void Parse_InvalidCase_ReportsExactlyTheExpectedLines(string name)
    {
        var expected = File.ReadAllLines(Path.ChangeExtension(ConfigCases.FullPath(name), ".expected"));

        var result = Parse(name);

        Assert.Equal(expected, result.Errors.Select(error => error.ToString()));
        Assert.Null(result.Options);
        Assert.False(result.IsValid);
    }

    [Theory]
    [MemberData(nameof(ValidCases))]
    public void Parse_ValidCase_HasNoErrors(string name)
    {
        var result = Parse(name);

        Assert.Empty(result.Errors);
        Assert.NotNull(result.Options);
    }

    [Fact]
    public void InvalidCases_Directory_HasEnoughCasesEachWithExpectedFile()
    {
        var names = ConfigCases.Names("invalid-*.yaml").ToList();

        Assert.True(names.Count >= 12, $"only {names.Count} invalid cases");
        Assert.All(names, name => Assert.True(File.Exists(Path.ChangeExtension(ConfigCases.FullPath(name), ".expected")), name));
    }

    [Fact]
    public void Parse_ManyProblems_ReportsEveryOneSortedByLine()
    {
        var result = Parse("invalid-many-problems.yaml");

        Assert.True(result.Errors.Count >= 8);
        Assert.Equal(result.Errors.Select(e => e.Line).Order(), result.Errors.Select(e => e.Line));
    }

    [Fact]
    public void Parse_MinimalCase_FillsEveryDefault()
    {
        var options = Parse("valid-minimal.yaml").Options!;

        var site = Assert.Single(options.Sites);
        Assert.Equal(new SiteOptions("LOCAL-1", null), site);
        var rse = Assert.Single(options.Rses);
        Assert.Equal("LAKE-A", rse.Name);
        Assert.Equal("LOCAL-1", rse.Site);
        Assert.True(rse.Enabled);
        Assert.Equal(ChecksumAlgorithm.Adler32, rse.Checksum);
        Assert.Equal([TpcMode.Root, TpcMode.HttpPull, TpcMode.HttpPush], rse.TpcModes);
        Assert.Equal(4, rse.MaxConcurrentProbes);
        Assert.Null(rse.Credentials);
        Assert.Equal(2, rse.Protocols.Count);
        Assert.Equal(ProtocolSchemes.Root, rse.Protocols[0].Scheme);
        Assert.Equal("root://127.0.0.1:21094//lake", rse.Protocols[0].Prefix.OriginalString);
        Assert.Equal(ProtocolSchemes.Davs, rse.Protocols[1].Scheme);
        Assert.Equal("https", rse.Protocols[1].Prefix.Scheme);

        Assert.Empty(options.Credentials);
        Assert.Equal([1024L, 1048576L], options.Probes.Sizes);
        Assert.Equal(TimeSpan.FromSeconds(60), options.Probes.Timeout);
        Assert.Equal(TimeSpan.FromHours(24), options.Probes.FileLifetime);
        Assert.Equal(16, options.Probes.MaxConcurrent);
        Assert.Empty(options.Probes.Modules);
        Assert.All(Enum.GetValues<ProbeOperation>(), operation =>
            Assert.Equal(new ProbeModuleOptions(TimeSpan.FromSeconds(60), null, 0), options.Probes.ModuleFor(operation)));
        Assert.Equal("*/15 * * * *", options.Schedules.Storage.Expression);
        Assert.Equal("0 */15 * * * ?", options.Schedules.Storage.QuartzExpression);
        Assert.Equal("0 0 * * * ?", options.Schedules.Tpc.QuartzExpression);
        Assert.Equal("0 30 * * * ?", options.Schedules.Janitor.QuartzExpression);
        Assert.Equal(TimeSpan.FromSeconds(30), options.Schedules.Jitter);
        Assert.Null(options.Probes.MaxConcurrentPerSite);
        Assert.Equal(SchedulerOptions.Default, options.Scheduler);
        Assert.True(options.Scheduler.GeneratesInstanceId);
        Assert.Equal(SinkOptions.None, options.Sinks);
        var store = options.Store;
        Assert.Equal(Path.Combine(AppContext.BaseDirectory, ConfigCases.DirectoryName, "lakemon.db"), store.Sqlite!.Path);
        Assert.Null(store.Postgres);
        Assert.Equal(TimeSpan.FromDays(90), store.Retention);
    }

    [Fact]
    public void Parse_FullCase_BindsEveryKey()
    {
        var baseDirectory = Path.Combine(AppContext.BaseDirectory, ConfigCases.DirectoryName);
        var options = Parse("valid-full.yaml").Options!;

        Assert.Equal(new SiteOptions("LOCAL-1", "the loopback lake"), options.Sites[0]);
        var lakeA = options.Rses[0];
        Assert.False(lakeA.Enabled);
        Assert.Equal(ChecksumAlgorithm.Md5, lakeA.Checksum);
        Assert.Equal([TpcMode.Root], lakeA.TpcModes);
        Assert.Equal(8, lakeA.MaxConcurrentProbes);
        Assert.Same(options.Credentials["lake"], lakeA.Credentials);
        var lakeB = options.Rses[1];
        Assert.Equal([ProtocolSchemes.S3, ProtocolSchemes.File], lakeB.Protocols.Select(p => p.Scheme));
        Assert.Empty(lakeB.TpcModes);

        var credential = options.Credentials["lake"];
        Assert.Equal(
            new CredentialOptions(
                "lake",
                Path.Combine(baseDirectory, "ca"),
                "/etc/grid-security/ca.pem",
                null,
                "LAKE_TOKEN",
                Path.Combine(baseDirectory, "certs", "client.pem"),
                Path.Combine(baseDirectory, "certs", "client.key")),
            credential);

        Assert.Equal([1L, 2000L, 1536L, 3L * 1024 * 1024, 1_000_000_000L], options.Probes.Sizes);
        Assert.Equal(TimeSpan.FromSeconds(90), options.Probes.Timeout);
        Assert.Equal(TimeSpan.FromDays(2), options.Probes.FileLifetime);
        Assert.Equal(4, options.Probes.MaxConcurrent);
        Assert.Equal([ProbeOperation.Upload, ProbeOperation.Tpc, ProbeOperation.Stat], options.Probes.Modules.Keys);
        Assert.Equal(new ProbeModuleOptions(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(5), 2), options.Probes.ModuleFor(ProbeOperation.Upload));
        Assert.Equal(new ProbeModuleOptions(TimeSpan.FromSeconds(90), TimeSpan.FromMinutes(1), 0), options.Probes.ModuleFor(ProbeOperation.Tpc));
        Assert.Equal(new ProbeModuleOptions(TimeSpan.FromSeconds(90), null, 0), options.Probes.ModuleFor(ProbeOperation.Stat));
        Assert.Equal(new ProbeModuleOptions(TimeSpan.FromSeconds(90), null, 0), options.Probes.ModuleFor(ProbeOperation.Read));
        Assert.Equal("0 */5 * * * ?", options.Schedules.Storage.QuartzExpression);
        Assert.Equal("0 0/30 * ? * MON-FRI", options.Schedules.Tpc.QuartzExpression);
        Assert.Equal("0 0 3 ? * 2-6", options.Schedules.Janitor.QuartzExpression);
        Assert.Equal(TimeSpan.Zero, options.Schedules.Jitter);
        Assert.Equal(2, options.Probes.MaxConcurrentPerSite);
        Assert.Equal(new SchedulerOptions("node-a", new SchedulerPostgresOptions("LAKEMON_SCHEDULER_PG")), options.Scheduler);

        Assert.Equal(new PrometheusSinkOptions("::1", 9100), options.Sinks.Prometheus);
        Assert.Equal(new Uri("https://collector.example.org:4318"), options.Sinks.Otlp!.Endpoint);
        Assert.Equal("Bearer abc", options.Sinks.Otlp.Headers["authorization"]);
        Assert.Equal(
            new InfluxDbSinkOptions(new Uri("http://127.0.0.1:8086"), 1, null, null, "INFLUX_TOKEN", "lakemon")
            {
                SpoolDirectory = Path.Combine(baseDirectory, "spool", "influx"),
                SpoolMaxBytes = 64L << 20,
            },
            options.Sinks.InfluxDb);
        Assert.Equal(new StoreOptions(null, new PostgresStoreOptions(null, Path.Combine(baseDirectory, "secrets", "pg.conn")), TimeSpan.FromDays(30)), options.Store);
    }

    private static ConfigLoadResult Parse(string name) =>
        ConfigLoader.Parse(
            File.ReadAllText(ConfigCases.FullPath(name)),
            ConfigCases.DisplayPath(name),
            Path.Combine(AppContext.BaseDirectory, ConfigCases.DirectoryName));
}
