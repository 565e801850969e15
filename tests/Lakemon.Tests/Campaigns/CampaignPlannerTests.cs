using Lakemon.Probes.Campaigns;
using Lakemon.Probes.Configuration;
using Lakemon.Probes.Results;
using Xunit;

namespace Lakemon.Tests.Campaigns;

public sealed class CampaignPlannerTests
{
    [Fact]
    public void Plan_ThreeRsesRootAndHttps_CountsFollowTheMatrixFormula()
    {
        var options = TestConfigs.Lake(3, ["root", "https"]);

        var plan = CampaignPlanner.Plan(options, PlanFilter.All);

        // storage checks = RSEs × doors × sizes, each reporting the 6 lifecycle steps;
        // transfers = ordered pairs n(n-1) × modes both ends have (root, http-pull, http-push) × sizes, one result each.
        const int rses = 3, doors = 2, sizes = 2, modes = 3;
        var storage = plan.Checks.OfType<StorageCheck>().ToList();
        var transfers = plan.Checks.OfType<TpcCheck>().ToList();
        Assert.Equal(rses * doors * sizes, storage.Count);
        Assert.Equal(rses * (rses - 1) * modes * sizes, transfers.Count);
        Assert.Equal((rses * doors * sizes * 6) + (rses * (rses - 1) * modes * sizes), plan.ExpectedResults);
        Assert.All(storage, c => Assert.Equal(ProbeOperations.StorageLifecycle, c.Reported));
        Assert.Equal(plan.Checks.Count, plan.Checks.Select(c => c.Name).Distinct().Count());
        Assert.Empty(plan.Notes);
    }

    [Fact]
    public void Plan_TransferDoors_RootModeUsesRootDoorsAndHttpModesUseWebDavDoors()
    {
        var plan = CampaignPlanner.Plan(TestConfigs.Lake(2, ["root", "https"]), PlanFilter.All);

        foreach (var transfer in plan.Checks.OfType<TpcCheck>())
        {
            var expected = transfer.Mode == TpcMode.Root ? "root" : "https";
            Assert.Equal(expected, transfer.SourceProtocol.Scheme);
            Assert.Equal(expected, transfer.DestinationProtocol.Scheme);
            Assert.NotEqual(transfer.Source.Name, transfer.Destination.Name);
        }
    }

    [Fact]
    public void Plan_OnlyModesBothEndsSupport_AreProbed()
    {
        // LAKE-00 speaks root only, LAKE-01 root and https: the link has root only; LAKE-02 https only: no root link to it.
        var rses = new[] { TestConfigs.Rse(0, ["root"]), TestConfigs.Rse(1, ["root", "https"]), TestConfigs.Rse(2, ["https"]) };

        var plan = CampaignPlanner.Plan(TestConfigs.Options(rses, [1024]), PlanFilter.All);

        var links = plan.Checks.OfType<TpcCheck>().Select(t => $"{t.Source.Name}>{t.Destination.Name}:{TpcModeNames.ToWire(t.Mode)}").Order().ToList();
        Assert.Equal(
            ["LAKE-00>LAKE-01:root", "LAKE-01>LAKE-00:root", "LAKE-01>LAKE-02:http-pull", "LAKE-01>LAKE-02:http-push",
             "LAKE-02>LAKE-01:http-pull", "LAKE-02>LAKE-01:http-push"],
            links);
    }

    [Fact]
    public void Plan_DisabledRseAndS3Door_AreLeftOutAndTheS3DoorIsNoted()
    {
        var rses = new[] { TestConfigs.Rse(0, ["root", "s3"]), TestConfigs.Rse(1, ["root"], enabled: false), TestConfigs.Rse(2, ["root"]) };

        var plan = CampaignPlanner.Plan(TestConfigs.Options(rses, [1024]), PlanFilter.All);

        Assert.DoesNotContain(plan.Checks, c => c.Rses.Any(r => r.Name == "LAKE-01"));
        Assert.DoesNotContain(plan.Checks.OfType<StorageCheck>(), c => c.Protocol.Scheme == "s3");
        Assert.Equal(2, plan.Checks.OfType<StorageCheck>().Count());
        Assert.Equal(2, plan.Checks.OfType<TpcCheck>().Count());
        Assert.Contains(plan.Notes, n => n.Contains("LAKE-00 s3", StringComparison.Ordinal));
    }

    [Fact]
    public void Plan_OnlyRse_KeepsItsStorageChecksAndEveryLinkTouchingIt()
    {
        var filter = Parse("rse=LAKE-01");

        var plan = CampaignPlanner.Plan(TestConfigs.Lake(4, ["root"], [1024]), filter);

        Assert.All(plan.Checks.OfType<StorageCheck>(), c => Assert.Equal("LAKE-01", c.Rse.Name));
        var links = plan.Checks.OfType<TpcCheck>().ToList();
        Assert.Equal(6, links.Count); // 3 partners × 2 directions × root
        Assert.All(links, l => Assert.True(l.Source.Name == "LAKE-01" || l.Destination.Name == "LAKE-01"));
    }

    [Fact]
    public void Plan_OnlyOperationRead_RunsTheLifecycleButReportsReadOnlyAndNoTransfers()
    {
        var plan = CampaignPlanner.Plan(TestConfigs.Lake(2, ["root", "https"], [1024]), Parse("operation=read"));

        Assert.Empty(plan.Checks.OfType<TpcCheck>());
        Assert.All(plan.Checks.Cast<StorageCheck>(), c => Assert.Equal([ProbeOperation.Read], c.Reported));
        Assert.Equal(4, plan.ExpectedResults);
    }

    [Fact]
    public void Plan_OnlyTpcModeAndProtocol_SelectsThoseTransfersOnly()
    {
        var plan = CampaignPlanner.Plan(TestConfigs.Lake(3, ["root", "https"], [1024]), Parse("tpc_mode=http-pull", "protocol=https"));

        Assert.Empty(plan.Checks.OfType<StorageCheck>());
        Assert.Equal(6, plan.Checks.Count);
        Assert.All(plan.Checks.Cast<TpcCheck>(), t => Assert.Equal(TpcMode.HttpPull, t.Mode));
    }

    [Fact]
    public void Plan_Order_SpreadsConsecutiveChecksOverDifferentRses()
    {
        var plan = CampaignPlanner.Plan(TestConfigs.Lake(5, ["root"], [1024]), PlanFilter.All);

        var storage = plan.Checks.OfType<StorageCheck>().Select(c => c.Rse.Name).ToList();
        Assert.Equal(5, storage.Distinct().Count());
        // Each round of n transfers has every RSE once as source and once as destination.
        var transfers = plan.Checks.OfType<TpcCheck>().ToList();
        for (var round = 0; round < transfers.Count / 5; round++)
        {
            var slice = transfers.Skip(round * 5).Take(5).ToList();
            Assert.Equal(5, slice.Select(t => t.Source.Name).Distinct().Count());
            Assert.Equal(5, slice.Select(t => t.Destination.Name).Distinct().Count());
        }
    }

    [Fact]
    public void Plan_HundredRsesThreeProtocols_PlansTheWholeMatrix()
    {
        // The speed target (under a second) is measured by bench/plan.sh; here: the matrix is complete and exact.
        var plan = CampaignPlanner.Plan(TestConfigs.Lake(100, ["root", "https", "davs"]), PlanFilter.All);

        Assert.Equal(100 * 3 * 2, plan.Checks.OfType<StorageCheck>().Count());
        Assert.Equal(100 * 99 * 3 * 2, plan.Checks.OfType<TpcCheck>().Count());
    }

    [Fact]
    public void Plan_IsPure_SameConfigGivesTheSamePlan()
    {
        var options = TestConfigs.Lake(4, ["root", "https"]);

        var first = CampaignPlanner.Plan(options, PlanFilter.All).Checks.Select(c => c.Name);
        var second = CampaignPlanner.Plan(options, PlanFilter.All).Checks.Select(c => c.Name);

        Assert.Equal(first, second);
    }

    [Fact]
    public void Plan_FilterMatchingNothing_EmptyPlanWithANote()
    {
        var plan = CampaignPlanner.Plan(TestConfigs.Lake(2, ["root"]), Parse("protocol=https"));

        Assert.Empty(plan.Checks);
        Assert.Contains(plan.Notes, n => n.StartsWith("nothing to probe", StringComparison.Ordinal));
    }

    private static PlanFilter Parse(params string[] terms)
    {
        var filter = PlanFilter.Parse(terms, out var errors);
        Assert.Empty(errors);
        return filter;
    }
}
