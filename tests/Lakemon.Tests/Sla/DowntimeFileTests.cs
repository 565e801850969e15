using Lakemon.Collector.Sla;
using Lakemon.Probes.Configuration;

namespace Lakemon.Tests.Sla;

public sealed class DowntimeFileTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("lakemon-downtimes-").FullName;

    private static readonly RseOptions[] Rses =
    [
        new("LAKE-A", "LOCAL-1", true, [new ProtocolOptions("https", new Uri("https://se1.example.org:8443/lake"))], ChecksumAlgorithm.Adler32, [], 4, null),
        new("LAKE-B", "LOCAL-2", true, [new ProtocolOptions("root", new Uri("root://se2.example.org:1094//lake"))], ChecksumAlgorithm.Adler32, [], 4, null),
    ];

    private static readonly SiteOptions[] Sites = [new("LOCAL-1", null), new("LOCAL-2", null)];

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Load_GocdbXml_MapsHostsToRsesAndKeepsOnlyOutages()
    {
        // 1 Nov 2026 00:00 UTC = 1793491200; declared 2 days (172800 s) ahead, then 1 h (3600 s) ahead.
        var path = Write("downtimes.xml", """
            <?xml version="1.0" encoding="UTF-8"?>
            <results>
              <DOWNTIME ID="1" PRIMARY_KEY="1G0" CLASSIFICATION="SCHEDULED">
                <HOSTNAME>se1.example.org</HOSTNAME>
                <HOSTED_BY>LOCAL-1</HOSTED_BY>
                <SEVERITY>OUTAGE</SEVERITY>
                <DESCRIPTION>disk replacement</DESCRIPTION>
                <INSERT_DATE>1793318400</INSERT_DATE>
                <START_DATE>1793491200</START_DATE>
                <END_DATE>1793505600</END_DATE>
              </DOWNTIME>
              <DOWNTIME ID="2" PRIMARY_KEY="2G0" CLASSIFICATION="UNSCHEDULED">
                <HOSTNAME>LAKE-B</HOSTNAME>
                <SEVERITY>OUTAGE</SEVERITY>
                <INSERT_DATE>1793487600</INSERT_DATE>
                <START_DATE>1793491200</START_DATE>
                <END_DATE>1793494800</END_DATE>
              </DOWNTIME>
              <DOWNTIME ID="3" PRIMARY_KEY="3G0" CLASSIFICATION="SCHEDULED">
                <HOSTNAME>se1.example.org</HOSTNAME>
                <SEVERITY>WARNING</SEVERITY>
                <INSERT_DATE>1793318400</INSERT_DATE>
                <START_DATE>1793491200</START_DATE>
                <END_DATE>1793505600</END_DATE>
              </DOWNTIME>
              <DOWNTIME ID="4" PRIMARY_KEY="4G0" CLASSIFICATION="SCHEDULED">
                <HOSTNAME>ce.example.org</HOSTNAME>
                <SEVERITY>OUTAGE</SEVERITY>
                <INSERT_DATE>1793318400</INSERT_DATE>
                <START_DATE>1793491200</START_DATE>
                <END_DATE>1793505600</END_DATE>
              </DOWNTIME>
            </results>
            """);

        var load = DowntimeFile.Load(path, Rses, Sites);

        Assert.Empty(load.Errors);
        Assert.Equal(2, load.Downtimes.Count);
        var a = load.Downtimes[0];
        Assert.Equal(("LAKE-A", new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 1, 4, 0, 0, TimeSpan.Zero)), (a.Rse, a.Start, a.End));
        Assert.True(a.Scheduled);
        Assert.Equal("LAKE-B", load.Downtimes[1].Rse);
        Assert.False(load.Downtimes[1].Scheduled);
        Assert.Equal([$"{path}:19: severity WARNING is no outage", $"{path}:26: no RSE is on host ce.example.org"], load.Skipped);
    }

    [Fact]
    public void Load_Json_AcceptsLakemonAndGocdbKeys()
    {
        var path = Write("downtimes.json", """
            [
              {"site": "LOCAL-2", "start": "2026-11-01T00:00:00Z", "end": "2026-11-01T02:00:00Z", "declared": "2026-10-01T00:00:00Z"},
              {"hostname": "se1.example.org", "severity": "OUTAGE", "start_date": 1793491200, "end_date": 1793494800, "insert_date": "1793491000"}
            ]
            """);

        var load = DowntimeFile.Load(path, Rses, Sites);

        Assert.Empty(load.Errors);
        Assert.Equal([(null, "LOCAL-2", true), ("LAKE-A", null, false)], load.Downtimes.Select(d => (d.Rse, d.Site, d.Scheduled)));
    }

    [Fact]
    public void Load_BadEntries_ReportFileAndPlace()
    {
        var xml = Write("bad.xml", """
            <results>
              <DOWNTIME>
                <HOSTNAME>se1.example.org</HOSTNAME>
                <START_DATE>tomorrow</START_DATE>
                <END_DATE>1793494800</END_DATE>
              </DOWNTIME>
            </results>
            """);
        var json = Write("bad.json", """[{"rse": "LAKE-A", "start": 10, "end": 5, "declared": 1}]""");

        Assert.Equal([$"{xml}:2: START_DATE: expected Unix seconds or an ISO 8601 time, got 'tomorrow'", $"{xml}:2: INSERT_DATE: missing"],
            DowntimeFile.Load(xml, Rses, Sites).Errors);
        Assert.Equal([$"{json}: [0]: the downtime ends before it starts"], DowntimeFile.Load(json, Rses, Sites).Errors);
    }
}
