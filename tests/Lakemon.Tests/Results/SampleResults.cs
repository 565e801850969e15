using Lakemon.Probes.Configuration;
using Lakemon.Probes.Results;

namespace Lakemon.Tests.Results;

/// <summary>Result records for tests; every call builds a fresh record, so no test sees another's.</summary>
internal static class SampleResults
{
    public const string RunId = "20261129T042351Z-3fa91c";

    public static readonly DateTimeOffset Start = new(2026, 11, 29, 4, 23, 51, 123, TimeSpan.Zero);

    public static ProbeResult Storage(
        string rse = "LAKE-A",
        string protocol = "root",
        ProbeOperation operation = ProbeOperation.Upload,
        ProbeStatus status = ProbeStatus.Ok,
        FailureKind? failure = null,
        string? message = null,
        long? size = 1 << 20,
        string? site = "LOCAL-1",
        double seconds = 1.25) =>
        Result(operation, protocol, status, failure, message, size, seconds) with { Rse = rse, Site = site };

    public static ProbeResult Transfer(
        string source = "LAKE-A",
        string destination = "LAKE-B",
        TpcMode mode = TpcMode.Root,
        ProbeStatus status = ProbeStatus.Ok,
        FailureKind? failure = null,
        string? message = null,
        long? size = 1 << 20,
        double seconds = 2.5) =>
        Result(ProbeOperation.Tpc, mode == TpcMode.Root ? "root" : "https", status, failure, message, size, seconds) with
        {
            SrcRse = source,
            DstRse = destination,
            SrcSite = SiteOf(source),
            DstSite = SiteOf(destination),
            TpcMode = mode,
        };

    /// <summary>A failed read with every optional field of the contract filled.</summary>
    public static ProbeResult Full() => Storage(
            operation: ProbeOperation.Read,
            status: ProbeStatus.Critical,
            failure: FailureKind.ChecksumMismatch,
            message: "adler32 mismatch: 11e60398 != 024d0127",
            size: 1024) with
        {
            Id = "0196f7c2a1b34c5d8e9f0a1b2c3d4e5f",
            Duration = TimeSpan.FromTicks(1_234_567),
            Phases = [new("connect", TimeSpan.FromTicks(12_345)), new("transfer", TimeSpan.FromMilliseconds(100)), new("checksum", TimeSpan.FromTicks(3))],
            Bytes = 1024,
            ThroughputBytesPerSecond = 10240.5,
            ChecksumExpected = "11e60398",
            ChecksumActual = "024d0127",
        };

    private static ProbeResult Result(
        ProbeOperation operation, string protocol, ProbeStatus status, FailureKind? failure, string? message, long? size, double seconds) => new()
        {
            Id = Guid.NewGuid().ToString("N"),
            RunId = RunId,
            Kind = RunKind.Nightly,
            Operation = operation,
            Protocol = protocol,
            SizeBytes = size,
            StartedAt = Start,
            Duration = TimeSpan.FromSeconds(seconds),
            Status = status,
            FailureKind = failure,
            Message = message,
        };

    private static string SiteOf(string rse) => rse == "LAKE-A" ? "LOCAL-1" : "LOCAL-2";
}
