using System.Diagnostics;
using System.Threading.Channels;
using Lakemon.Probes.Campaigns;
using Lakemon.Probes.Results;
using Xunit;

namespace Lakemon.Tests.Campaigns;

public sealed class ProbeTracingTests
{
    [Fact]
    public async Task RunAsync_WithAListener_OneTracePerCampaignOneSpanPerResultPhasesAsChildren()
    {
        var runId = $"20261129T000000Z-{Guid.NewGuid():N}"[..23];
        var spans = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == ProbeTracing.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                lock (spans)
                {
                    spans.Add(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        var options = TestConfigs.Lake(2, ["root"], [1024]);
        var plan = CampaignPlanner.Plan(options, PlanFilter.All);
        var context = new ProbeContext(runId, RunKind.Nightly, options.Probes);

        Task Execute(PlannedCheck check, ProbeContext ctx, Func<ProbeResult, ValueTask> emit, CancellationToken ct) =>
            emit(new ProbeResult
            {
                Id = Guid.NewGuid().ToString("N"),
                RunId = ctx.RunId,
                Kind = ctx.Kind,
                Operation = ProbeOperation.Upload,
                Rse = check.Rses[0].Name,
                Protocol = "root",
                StartedAt = DateTimeOffset.UtcNow,
                Duration = TimeSpan.FromMilliseconds(30),
                Phases = [new("connect", TimeSpan.FromMilliseconds(10)), new("transfer", TimeSpan.FromMilliseconds(20))],
                Status = ProbeStatus.Critical,
                FailureKind = FailureKind.Connect,
            }).AsTask();

        await new CampaignRunner(context, Execute).RunAsync(plan, Channel.CreateUnbounded<ProbeResult>().Writer, CancellationToken.None);

        List<Activity> mine;
        lock (spans)
        {
            var traceId = Assert.Single(spans, s => s.OperationName == "campaign" && s.GetTagItem("lakemon.run_id") as string == runId).TraceId;
            mine = spans.Where(s => s.TraceId == traceId).ToList();
        }
        var campaign = Assert.Single(mine, s => s.OperationName == "campaign");
        var probes = mine.Where(s => s.OperationName == "probe upload").ToList();
        Assert.Equal(plan.Checks.Count, probes.Count);
        Assert.All(probes, p =>
        {
            Assert.Equal(campaign.TraceId, p.TraceId);
            Assert.Equal(campaign.SpanId, p.ParentSpanId);
            Assert.Equal(ActivityStatusCode.Error, p.Status);
            Assert.Equal("connect", p.GetTagItem("lakemon.failure_kind"));
            Assert.Equal(TimeSpan.FromMilliseconds(30), p.Duration);
        });
        var phases = mine.Where(s => s.OperationName is "connect" or "transfer").ToList();
        Assert.Equal(2 * probes.Count, phases.Count);
        Assert.All(phases, phase => Assert.Contains(probes, p => p.SpanId == phase.ParentSpanId));
    }
}
