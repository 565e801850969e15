using Lakemon.Collector.Scheduling;
using Lakemon.Probes.Configuration;
using Lakemon.Tests.Campaigns;
using Quartz;

namespace Lakemon.Tests.Scheduling;

/// <summary>The schedule in the configuration becomes the triggers and jobs Quartz holds.</summary>
public sealed class ProbeJobsTests
{
    [Fact]
    public async Task AddLakemonScheduler_DefaultSchedules_OneUtcCronTriggerPerJobThatSkipsMisfires()
    {
        await using var host = await SchedulerTestHost.CreateAsync(TestConfigs.Lake(1, ["file"]), start: false);
        (JobKey Job, TriggerKey Trigger, string Cron, Type Type)[] expected =
        [
            (ProbeJobs.StorageJob, ProbeJobs.StorageTrigger, "0 */15 * * * ?", typeof(StorageCampaignJob)),
            (ProbeJobs.TpcJob, ProbeJobs.TpcTrigger, "0 0 * * * ?", typeof(TpcCampaignJob)),
            (ProbeJobs.JanitorJob, ProbeJobs.JanitorTrigger, "0 30 * * * ?", typeof(JanitorJob)),
        ];

        foreach (var (jobKey, triggerKey, cron, type) in expected)
        {
            var trigger = Assert.IsAssignableFrom<ICronTrigger>(await host.Scheduler.GetTrigger(triggerKey));
            Assert.Equal(cron, trigger.CronExpressionString);
            Assert.Equal(TimeZoneInfo.Utc, trigger.TimeZone);
            Assert.Equal(CronTriggerMisfireInstruction.DoNothing, trigger.MisfireInstruction);
            Assert.Equal(jobKey, trigger.JobKey);
            var job = await host.Scheduler.GetJobDetail(jobKey);
            Assert.NotNull(job);
            Assert.Equal(type, job.JobType);
            Assert.True(job.ConcurrentExecutionDisallowed);
            Assert.Empty(job.JobDataMap);
        }
    }

    // Dates after the trigger's start (now): the trigger answers nothing before it. 1 January 2030 is a Tuesday.
    [Theory]
    [InlineData("*/15 * * * *", "2030-03-01T10:07:00Z", "2030-03-01T10:15:00Z", "2030-03-01T10:30:00Z")]
    // Friday the 4th: weekdays 1-5 resume on Monday the 7th.
    [InlineData("0 3 * * 1-5", "2030-01-04T04:00:00Z", "2030-01-07T03:00:00Z", "2030-01-08T03:00:00Z")]
    // Unix Sunday is 0 (Quartz's 1): Sunday the 6th.
    [InlineData("0 6 * * 0", "2030-01-01T00:00:00Z", "2030-01-06T06:00:00Z", "2030-01-13T06:00:00Z")]
    [InlineData("0 0/30 * ? * MON-FRI", "2030-01-04T23:45:00Z", "2030-01-07T00:00:00Z", "2030-01-07T00:30:00Z")]
    [InlineData("*/20 * * * * ?", "2030-01-01T00:00:05Z", "2030-01-01T00:00:20Z", "2030-01-01T00:00:40Z")]
    public async Task StorageTrigger_ConfiguredCron_FiresAtTheCronTimesInUtc(string expression, string after, string first, string second)
    {
        var options = TestConfigs.Lake(1, ["file"]) with { Schedules = ScheduleOptions.Default with { Storage = CronSchedule.Parse(expression) } };
        await using var host = await SchedulerTestHost.CreateAsync(options, start: false);

        var trigger = (await host.Scheduler.GetTrigger(ProbeJobs.StorageTrigger))!;

        Assert.Equal(DateTimeOffset.Parse(first, null), trigger.GetFireTimeAfter(DateTimeOffset.Parse(after, null)));
        Assert.Equal(DateTimeOffset.Parse(second, null), trigger.GetFireTimeAfter(DateTimeOffset.Parse(first, null)));
    }

    [Fact]
    public void Jobs_AllThree_DisallowConcurrentExecution()
    {
        Type[] jobs = [typeof(StorageCampaignJob), typeof(TpcCampaignJob), typeof(JanitorJob)];

        Assert.All(jobs, job => Assert.True(Attribute.IsDefined(job, typeof(DisallowConcurrentExecutionAttribute)), job.Name));
    }
}
