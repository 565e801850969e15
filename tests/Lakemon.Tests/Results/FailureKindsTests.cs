using Lakemon.Probes.Results;

namespace Lakemon.Tests.Results;

public class FailureKindsTests
{
    [Fact]
    public void All_IsExactlyTheClosedListOfTheDesign()
    {
        // DESIGN.md §2: one closed list, used as a metric label; a new kind is a contract change and must be deliberate.
        string[] design = ["timeout", "connect", "tls", "auth", "not_found", "checksum_mismatch", "no_space",
            "server_error", "protocol_error", "tpc_failed", "prerequisite_failed", "probe_error"];

        Assert.Equal(design.Order(), FailureKinds.All.Order());
    }

    [Theory]
    [InlineData(FailureKind.NotFound, "not_found")]
    [InlineData(FailureKind.ChecksumMismatch, "checksum_mismatch")]
    [InlineData(FailureKind.Tls, "tls")]
    public void ToWire_RoundTripsThroughTryParse(FailureKind kind, string wire)
    {
        Assert.Equal(wire, kind.ToWire());
        Assert.True(FailureKinds.TryParse(wire, out var parsed));
        Assert.Equal(kind, parsed);
    }
}
