using System.Globalization;
using Lakemon.Probes.Campaigns;
using Lakemon.Probes.Configuration;
using Lakemon.Probes.Results;
using Lakemon.Probes.Storage;
using Lakemon.Scenarios.Configuration;
using Lakemon.Scenarios.Engine;

namespace Lakemon.Scenarios.Rehearsals;

/// <summary>
/// A rehearsal file made runnable: engine scenarios over the storage clients, the results they emit, what they wrote
/// (to delete it afterwards) and the TPC matrix's per-link verdicts. Files live under
/// <c>&lt;prefix&gt;/lakemon-probes/&lt;run_id&gt;/load-&lt;scenario&gt;/</c>, so the janitor recognises them if a run is killed.
/// </summary>
public sealed class Rehearsal : IDisposable
{
    /// <summary>The data-challenge rule: a link passes when it sustains at least 90 % of its target during the hold.</summary>
    public const double SustainRatio = 0.9;

    private static readonly double[] RampSteps = [0.25, 0.5, 0.75];

    private readonly RehearsalOptions _options;
    private readonly Dictionary<(string Rse, string Scheme), Door> _doors = [];
    private readonly List<(RehearsalScenarioOptions Options, TpcLinkOptions Link, Scenario Scenario, TpcLinkMeter Meter)> _links = [];
    private readonly SeedFiles _seeds;
    private readonly StorageCalls _calls;

    public Rehearsal(RehearsalOptions options, LakemonOptions lake, string runId)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(lake);
        _options = options;
        RunId = runId;
        _seeds = new SeedFiles(runId, Written);
        _calls = new StorageCalls(runId, Results, options.CallTimeout);
        var scenarios = new List<Scenario>();
        foreach (var scenario in options.Scenarios)
        {
            scenarios.AddRange(Build(scenario, lake));
        }
        Scenarios = scenarios;
    }

    public string RunId { get; }

    public IReadOnlyList<Scenario> Scenarios { get; }

    public ChallengeResults Results { get; } = new();

    public WrittenFiles Written { get; } = new();

    public IReadOnlyList<CleanupTally> Cleanup { get; private set; } = [];

    public async Task CleanAsync(CancellationToken cancellationToken) => Cleanup = await Written.DeleteAllAsync(8, cancellationToken);

    /// <summary>The per-link table of each TPC matrix and the cleanup tally, for the final report.</summary>
    public IReadOnlyList<ReportSection> Details(LoadRunResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var sections = new List<ReportSection>();
        foreach (var matrix in _links.GroupBy(l => l.Options))
        {
            var rows = new List<IReadOnlyList<string>>();
            var passed = true;
            foreach (var (options, link, scenario, meter) in matrix)
            {
                var holdStart = options.RampStep * RampSteps.Length;
                var achieved = meter.BytesPerSecond(holdStart, holdStart + options.Hold);
                var ratio = achieved / link.TargetBytesPerSecond;
                var stats = result.Scenarios.FirstOrDefault(s => s.Stats.Name == scenario.Name)?.Stats.Calls;
                var ok = ratio >= SustainRatio;
                passed &= ok;
                rows.Add(
                [
                    $"{link.Source}→{link.Destination}", TpcModeNames.ToWire(options.TpcMode), Mb(link.TargetBytesPerSecond), Mb(achieved),
                    ratio.ToString("P1", CultureInfo.InvariantCulture), (stats?.OkCount ?? 0).ToString(CultureInfo.InvariantCulture),
                    (stats?.FailCount ?? 0).ToString(CultureInfo.InvariantCulture), ok ? "PASS" : "FAIL",
                ]);
            }
            sections.Add(new ReportSection($"TPC matrix {matrix.Key.Name} (hold {DurationParser.Format(matrix.Key.Hold)}, pass at ≥ {SustainRatio:P0} of target)",
                ["link", "mode", "target_mb_s", "achieved_mb_s", "of_target", "ok", "fail", "verdict"], rows, passed));
        }
        if (Cleanup.Count > 0)
        {
            sections.Add(new ReportSection("Cleanup", ["door", "written", "deleted", "absent", "failed"],
                [.. Cleanup.Select(c => (IReadOnlyList<string>)[c.Door, N(c.Registered), N(c.Deleted), N(c.Missing), N(c.Failed)])], null));
        }
        return sections;
    }

    private static string N(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Mb(double bytesPerSecond) => (bytesPerSecond / 1e6).ToString("F2", CultureInfo.InvariantCulture);

    public void Dispose()
    {
        foreach (var door in _doors.Values)
        {
            (door.Client as IDisposable)?.Dispose();
        }
    }

    private Door DoorOf(RseOptions rse, string scheme)
    {
        if (!_doors.TryGetValue((rse.Name, scheme), out var door))
        {
            var credentials = StorageCredentials.From(rse.Credentials);
            door = new Door(rse, rse.Protocols.First(p => p.Scheme == scheme), StorageClientRegistry.Create(scheme, credentials), credentials);
            _doors[(rse.Name, scheme)] = door;
        }
        return door;
    }

    private IEnumerable<Scenario> Build(RehearsalScenarioOptions options, LakemonOptions lake)
    {
        var rses = lake.Rses.Where(r => r.Enabled && r.Protocols.Any(p => p.Scheme == options.Protocol)
            && (options.Rses.Count == 0 || options.Rses.Contains(r.Name))).ToList();
        var doors = rses.Select(r => DoorOf(r, options.Protocol)).ToList();
        var folder = "load-" + string.Concat(options.Name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_'));
        var thresholds = options.Thresholds.Select(ToThreshold).ToList();
        switch (options.Kind)
        {
            case RehearsalKind.UploadStorm:
                yield return new Scenario(options.Name, [UploadStep(options, doors, folder)], Load(options, doors.Count, options.Rate))
                {
                    Thresholds = thresholds,
                    Init = ct => PrepareFoldersAsync(doors, folder, ct),
                };
                break;
            case RehearsalKind.ReadStorm:
                yield return new Scenario(options.Name, [ReadStep(options, doors, folder)], Load(options, doors.Count, options.Rate))
                {
                    Thresholds = thresholds,
                    Init = ct => SeedAllAsync(options, doors, folder, ct),
                };
                break;
            case RehearsalKind.MetadataStorm:
                yield return new Scenario(options.Name, [StatStep(options, doors, folder), ListStep(options, doors, folder)], Load(options, doors.Count, options.Rate))
                {
                    Thresholds = thresholds,
                    Init = ct => SeedAllAsync(options, doors, folder, ct),
                };
                break;
            case RehearsalKind.Mixed:
                var total = options.Mix.Values.Sum();
                foreach (var (operation, weight) in options.Mix.Where(m => m.Value > 0))
                {
                    var step = operation switch
                    {
                        "upload" => UploadStep(options, doors, folder),
                        "read" => ReadStep(options, doors, folder),
                        "stat" => StatStep(options, doors, folder),
                        _ => ListStep(options, doors, folder),
                    };
                    yield return new Scenario($"{options.Name}/{operation}", [step], Load(options, doors.Count, options.Rate!.Value * weight / total))
                    {
                        // A threshold naming a step belongs to the one part of the mix that has it.
                        Thresholds = [.. options.Thresholds.Where(t => t.Step is null || t.Step == operation).Select(ToThreshold)],
                        Init = ct => SeedAllAsync(options, doors, folder, ct),
                    };
                }
                break;
            case RehearsalKind.TpcMatrix:
                foreach (var link in options.Links)
                {
                    yield return TpcScenario(options, lake, link, folder, thresholds);
                }
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(options), options.Kind, "unknown rehearsal kind");
        }
    }

    /// <summary>Closed model: copies per RSE; open model: a rate per RSE, as calls per minute so fractional rates stay
    /// exact (Inject spreads a minute's calls evenly).</summary>
    private static LoadSimulation[] Load(RehearsalScenarioOptions options, int doors, double? ratePerDoor) =>
        ratePerDoor is { } rate
            ? [LoadSimulation.Inject(PerMinute(rate * doors), TimeSpan.FromMinutes(1), options.Duration)]
            : [LoadSimulation.KeepConstant(options.Copies!.Value * doors, options.Duration)];

    private static int PerMinute(double perSecond) => (int)Math.Max(1, Math.Round(perSecond * 60));

    private static Door Pick(IReadOnlyList<Door> doors, StepContext context) =>
        doors[(int)((context.Copy >= 0 ? context.Copy : context.InvocationNumber) % doors.Count)];

    private async Task PrepareFoldersAsync(IReadOnlyList<Door> doors, string folder, CancellationToken cancellationToken)
    {
        foreach (var door in doors)
        {
            var directory = SeedFiles.Folder(door, RunId, folder);
            Written.AddDirectory(door, ProbePaths.RunDirectory(door.Prefix, RunId));
            Written.AddDirectory(door, directory);
            await door.Client.MakeDirectoryAsync(directory, parents: true, new PhaseRecorder(), cancellationToken);
        }
    }

    private Task SeedAllAsync(RehearsalScenarioOptions options, IReadOnlyList<Door> doors, string folder, CancellationToken cancellationToken) =>
        Task.WhenAll(doors.Select(d => _seeds.GetAsync(d, folder, options.Files, options.FileSize, cancellationToken)));

    private Step UploadStep(RehearsalScenarioOptions options, IReadOnlyList<Door> doors, string folder) => new("upload", context =>
    {
        var door = Pick(doors, context);
        var url = ProbePaths.NewFile(door.Prefix, RunId, folder, $"{context.InvocationNumber}-{options.FileSize}", DateTimeOffset.UtcNow);
        Written.Add(door, url);
        return _calls.RunAsync(ProbeOperation.Upload, door, options.FileSize, async (phases, token) =>
        {
            await using var content = new RandomContentStream(options.FileSize);
            return (await door.Client.UploadAsync(url, content, phases, token)).Bytes;
        }, context.CancellationToken);
    });

    private Step ReadStep(RehearsalScenarioOptions options, IReadOnlyList<Door> doors, string folder) => new("read", async context =>
    {
        var door = Pick(doors, context);
        var seeds = await _seeds.GetAsync(door, folder, options.Files, options.FileSize, context.CancellationToken);
        var url = seeds[(int)(context.InvocationNumber / doors.Count % seeds.Count)];
        return await _calls.RunAsync(ProbeOperation.Read, door, options.FileSize,
            async (phases, token) => (await door.Client.ReadAsync(url, Stream.Null, phases, token)).Bytes, context.CancellationToken);
    });

    private Step StatStep(RehearsalScenarioOptions options, IReadOnlyList<Door> doors, string folder) => new("stat", async context =>
    {
        var door = Pick(doors, context);
        var seeds = await _seeds.GetAsync(door, folder, options.Files, options.FileSize, context.CancellationToken);
        var url = seeds[(int)(context.InvocationNumber / doors.Count % seeds.Count)];
        return await _calls.RunAsync(ProbeOperation.Stat, door, null, async (phases, token) =>
        {
            await door.Client.StatAsync(url, phases, token);
            return 0;
        }, context.CancellationToken);
    });

    private Step ListStep(RehearsalScenarioOptions options, IReadOnlyList<Door> doors, string folder) => new("list", async context =>
    {
        var door = Pick(doors, context);
        await _seeds.GetAsync(door, folder, options.Files, options.FileSize, context.CancellationToken);
        return await _calls.RunAsync(ProbeOperation.List, door, null, async (phases, token) =>
        {
            await door.Client.ListAsync(SeedFiles.Folder(door, RunId, folder), phases, token);
            return 0;
        }, context.CancellationToken);
    });

    private Scenario TpcScenario(RehearsalScenarioOptions options, LakemonOptions lake, TpcLinkOptions link, string folder, IReadOnlyList<Threshold> thresholds)
    {
        var source = DoorOf(lake.Rses.First(r => r.Name == link.Source), options.Protocol);
        var destination = DoorOf(lake.Rses.First(r => r.Name == link.Destination), options.Protocol);
        var meter = new TpcLinkMeter();
        var perSecond = link.TargetBytesPerSecond / options.FileSize;
        var simulations = RampSteps.Select(f => (LoadSimulation)LoadSimulation.Inject(PerMinute(perSecond * f), TimeSpan.FromMinutes(1), options.RampStep))
            .Append(LoadSimulation.Inject(PerMinute(perSecond), TimeSpan.FromMinutes(1), options.Hold))
            .ToArray();
        var active = options.TpcMode == TpcMode.HttpPush ? source : destination;
        var remote = options.TpcMode == TpcMode.HttpPush ? destination.Credentials : source.Credentials;
        var step = new Step("tpc", async context =>
        {
            var seeds = await _seeds.GetAsync(source, folder, 1, options.FileSize, context.CancellationToken);
            if (!meter.TryEnter(options.MaxInFlight))
            {
                // The link is so far behind that max_in_flight copies are still running: this one cannot start in time.
                return StepResult.Fail(FailureKind.Timeout.ToWire(), $"link saturated: {options.MaxInFlight} copies in flight");
            }
            try
            {
                var url = ProbePaths.NewFile(destination.Prefix, RunId, folder, $"{link.Source}-{context.InvocationNumber}", DateTimeOffset.UtcNow);
                Written.Add(destination, url);
                var result = await _calls.RunTpcAsync(source, destination, options.TpcMode, options.FileSize, async (phases, token) =>
                {
                    var moved = await active.Client.CopyAsync(seeds[0], url, new CopyOptions(options.TpcMode, remote), null, phases, token);
                    return moved.Bytes > 0 ? moved.Bytes : options.FileSize;
                }, context.CancellationToken);
                if (result.IsOk)
                {
                    meter.Completed(result.Bytes);
                }
                return result;
            }
            finally
            {
                meter.Exit();
            }
        });
        var scenario = new Scenario($"{options.Name} {link.Source}→{link.Destination}", [step], simulations)
        {
            Thresholds = thresholds,
            Init = async ct =>
            {
                await _seeds.GetAsync(source, folder, 1, options.FileSize, ct);
                await PrepareFoldersAsync([destination], folder, ct);
                meter.Start();
            },
        };
        _links.Add((options, link, scenario, meter));
        return scenario;
    }

    private static Threshold ToThreshold(ThresholdOptions options)
    {
        var parts = new List<string>();
        var checks = new List<Func<StepStats, bool>>();
        void Limit(double? limit, string text, Func<StepStats, double, bool> check)
        {
            if (limit is { } value)
            {
                parts.Add(string.Format(CultureInfo.InvariantCulture, text, value));
                checks.Add(s => check(s, value));
            }
        }
        Limit(options.FailRatioMax, "fail ratio ≤ {0}", (s, v) => s.FailRatio <= v);
        Limit(options.P95MsMax, "p95 ≤ {0} ms", (s, v) => s.Latency.P95Ms <= v);
        Limit(options.P99MsMax, "p99 ≤ {0} ms", (s, v) => s.Latency.P99Ms <= v);
        Limit(options.RpsMin, "rps ≥ {0}", (s, v) => s.Rps >= v);
        Limit(options.ThroughputMbPerSecondMin, "throughput ≥ {0} MB/s", (s, v) => s.BytesPerSecond / 1e6 >= v);
        var name = (options.Step is null ? "" : options.Step + ": ") + string.Join(", ", parts);
        return new Threshold(name, stats =>
        {
            var target = options.Step is null ? stats.Calls : stats.Step(options.Step);
            return checks.All(c => c(target));
        })
        {
            AbortWhenErrorCount = options.AbortAfterErrors,
            StartAfter = options.StartAfter,
        };
    }
}
