using Lakemon.Probes.Campaigns;
using Lakemon.Probes.Configuration;
using Lakemon.Probes.Results;
using Xunit;

namespace Lakemon.Tests.Campaigns;

public sealed class PlanFilterTests
{
    [Theory]
    [InlineData("rse", "--only rse: expected KEY=VALUE[,VALUE...] with KEY one of rse, site, protocol, operation, tpc_mode")]
    [InlineData("colour=red", "--only colour=red: expected KEY=VALUE[,VALUE...] with KEY one of rse, site, protocol, operation, tpc_mode")]
    [InlineData("rse=", "--only rse=: no value given")]
    [InlineData("operation=upload,mkdir", "--only operation=upload,mkdir: unknown operation 'mkdir' (campaign operations: upload, stat, checksum, read, delete, stat_deleted, tpc)")]
    [InlineData("tpc_mode=pull", "--only tpc_mode=pull: unknown tpc mode 'pull' (known: root, http-pull, http-push)")]
    [InlineData("protocol=ftp", "--only protocol=ftp: unknown protocol 'ftp' (known: root, roots, davs, https, http, s3, file)")]
    public void Parse_BadTerm_NamesTheTermAndWhatIsWrong(string term, string expected)
    {
        PlanFilter.Parse([term], out var errors);

        Assert.Equal([expected], errors);
    }

    [Fact]
    public void Parse_RepeatedKeysAndCommaLists_AreUnited()
    {
        var filter = PlanFilter.Parse(["rse=LAKE-A,LAKE-B", "rse=LAKE-C", "operation=tpc", "tpc_mode=root"], out var errors);

        Assert.Empty(errors);
        Assert.Equal(["LAKE-A", "LAKE-B", "LAKE-C"], filter.Rses!.Order());
        Assert.Equal([ProbeOperation.Tpc], filter.Operations!);
        Assert.Equal([TpcMode.Root], filter.TpcModes!);
        Assert.Null(filter.Sites);
        Assert.Null(filter.Protocols);
    }

    [Fact]
    public void Validate_UnknownRseAndSite_AreReportedWithTheKnownNames()
    {
        var filter = PlanFilter.Parse(["rse=LAKE-99", "site=NOWHERE"], out _);

        var errors = filter.Validate(TestConfigs.Lake(2, ["root"]));

        Assert.Equal(
            ["--only rse=LAKE-99: no such RSE in the configuration (known: LAKE-00, LAKE-01)",
             "--only site=NOWHERE: no such site in the configuration (known: SITE-00, SITE-01)"],
            errors);
    }
}
