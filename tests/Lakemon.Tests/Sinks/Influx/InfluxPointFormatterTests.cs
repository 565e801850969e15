using System.Text;
using Lakemon.Collector.Sinks.Influx;
using Lakemon.Probes.Configuration;
using Lakemon.Probes.Results;
using Lakemon.Tests.Results;

namespace Lakemon.Tests.Sinks.Influx;

public sealed class InfluxPointFormatterTests
{
    // SampleResults.Start (2026-11-29T04:23:51.123Z) in Unix milliseconds.
    private const string Timestamp = "1795926231123";

    [Fact]
    public void AppendPoint_StorageResult_IsOneLakemonProbePointWithSortedTags()
    {
        var result = SampleResults.Storage(operation: ProbeOperation.Read) with { Bytes = 1024, ThroughputBytesPerSecond = 2048.5 };

        Assert.Equal(
            "lakemon_probe,kind=nightly,operation=read,protocol=root,rse=LAKE-A,site=LOCAL-1,status=OK "
            + "success=1i,status_code=0i,duration_seconds=1.25,throughput_bytes_per_second=2048.5,bytes=1024i,size_bytes=1048576i "
            + Timestamp,
            Point(result));
    }

    [Fact]
    public void AppendPoint_FailedResult_CarriesFailureKindButNoIdRunIdOrMessage()
    {
        var result = SampleResults.Full();

        var point = Point(result);

        Assert.Equal(
            "lakemon_probe,failure_kind=checksum_mismatch,kind=nightly,operation=read,protocol=root,rse=LAKE-A,site=LOCAL-1,status=CRITICAL "
            + "success=0i,status_code=2i,duration_seconds=0.1234567,throughput_bytes_per_second=10240.5,bytes=1024i,size_bytes=1024i "
            + Timestamp,
            point);
        Assert.DoesNotContain(result.Id, point, StringComparison.Ordinal);
        Assert.DoesNotContain(result.RunId, point, StringComparison.Ordinal);
        Assert.DoesNotContain("adler32", point, StringComparison.Ordinal);
        Assert.DoesNotContain("11e60398", point, StringComparison.Ordinal);
    }

    [Fact]
    public void AppendPoint_Transfer_IsOneLakemonTransferPointWithBothEnds()
    {
        var result = SampleResults.Transfer(mode: TpcMode.HttpPull, status: ProbeStatus.Warning);

        Assert.Equal(
            "lakemon_transfer,dst_rse=LAKE-B,dst_site=LOCAL-2,kind=nightly,protocol=https,src_rse=LAKE-A,src_site=LOCAL-1,status=WARNING,tpc_mode=http-pull "
            + "success=1i,status_code=1i,duration_seconds=2.5,size_bytes=1048576i "
            + Timestamp,
            Point(result));
    }

    [Fact]
    public void AppendPoint_Unknown_HasNoSuccessField()
    {
        var result = SampleResults.Storage(status: ProbeStatus.Unknown, failure: FailureKind.PrerequisiteFailed, size: null, site: null);

        Assert.Equal(
            "lakemon_probe,failure_kind=prerequisite_failed,kind=nightly,operation=upload,protocol=root,rse=LAKE-A,status=UNKNOWN "
            + "status_code=3i,duration_seconds=1.25 "
            + Timestamp,
            Point(result));
    }

    [Fact]
    public void AppendPoint_NamesWithSeparators_AreEscaped()
    {
        var result = SampleResults.Storage(rse: "LAKE A,1=x", site: "my site");

        Assert.StartsWith(@"lakemon_probe,kind=nightly,operation=upload,protocol=root,rse=LAKE\ A\,1\=x,site=my\ site,status=OK ", Point(result), StringComparison.Ordinal);
    }

    [Fact]
    public void AppendPoint_ThroughputNotFinite_IsLeftOut()
    {
        var result = SampleResults.Storage() with { ThroughputBytesPerSecond = double.PositiveInfinity };

        Assert.DoesNotContain("throughput", Point(result), StringComparison.Ordinal);
    }

    [Fact]
    public void Format_Batch_IsOnePointPerLine()
    {
        var results = new[] { SampleResults.Storage(), SampleResults.Transfer(), SampleResults.Storage(rse: "LAKE-B") };

        var lines = Encoding.UTF8.GetString(InfluxPointFormatter.Format(results)).Split('\n');

        Assert.Equal(4, lines.Length);
        Assert.Equal("", lines[3]);
        Assert.Equal(results.Select(Point), lines[..3]);
    }

    private static string Point(ProbeResult result)
    {
        var line = new StringBuilder();
        InfluxPointFormatter.AppendPoint(line, result);
        return line.ToString();
    }
}
