using Lakemon.Probes.Results;
using Lakemon.Probes.Storage.XRootD;

namespace Lakemon.Tests.Storage.XRootD;

public class XRootDFailureMapTests
{
    // Codes as numbers, not as our constants: the table is checked against XProtocol.hh XErrorCode, not against itself.
    [Theory]
    [InlineData(3011, FailureKind.NotFound)]        // kXR_NotFound
    [InlineData(3027, FailureKind.NotFound)]        // kXR_AttrNotFound
    [InlineData(3029, FailureKind.NotFound)]        // kXR_noReplicas
    [InlineData(3010, FailureKind.Auth)]            // kXR_NotAuthorized
    [InlineData(3030, FailureKind.Auth)]            // kXR_AuthFailed
    [InlineData(3022, FailureKind.Auth)]            // kXR_SigVerErr
    [InlineData(3009, FailureKind.NoSpace)]         // kXR_NoSpace
    [InlineData(3021, FailureKind.NoSpace)]         // kXR_overQuota
    [InlineData(3019, FailureKind.ChecksumMismatch)] // kXR_ChkSumErr
    [InlineData(3028, FailureKind.Tls)]             // kXR_TLSRequired
    [InlineData(3034, FailureKind.Timeout)]         // kXR_ReqTimedOut
    [InlineData(3012, FailureKind.ServerError)]     // kXR_ServerError
    [InlineData(3005, FailureKind.ServerError)]     // kXR_FSError
    [InlineData(3007, FailureKind.ServerError)]     // kXR_IOError
    [InlineData(3024, FailureKind.ServerError)]     // kXR_Overloaded
    [InlineData(3025, FailureKind.ServerError)]     // kXR_fsReadOnly
    [InlineData(3018, FailureKind.ServerError)]     // kXR_ItExists
    [InlineData(3016, FailureKind.ServerError)]     // kXR_isDirectory
    [InlineData(3000, FailureKind.ProtocolError)]   // kXR_ArgInvalid
    [InlineData(3006, FailureKind.ProtocolError)]   // kXR_InvalidRequest
    [InlineData(3013, FailureKind.ProtocolError)]   // kXR_Unsupported
    [InlineData(3004, FailureKind.ProtocolError)]   // kXR_FileNotOpen
    [InlineData(2999, FailureKind.ProtocolError)]   // below the range
    [InlineData(3036, FailureKind.ProtocolError)]   // kXR_ERRFENCE: past the last code
    [InlineData(-1, FailureKind.ProtocolError)]
    [InlineData(10000, FailureKind.ProtocolError)]  // kXR_noErrorYet
    public void Classify_ErrorCode_GivesItsKind(int code, FailureKind expected) =>
        Assert.Equal(expected, XRootDFailureMap.Classify(code));

    [Fact]
    public void Classify_EveryDefinedCode_IsMappedDeliberately()
    {
        // 3000..3035 are all the codes XProtocol.hh defines; none may fall through to the unknown-code default except
        // those that are protocol errors by meaning.
        var protocolErrors = new[] { 3000, 3001, 3002, 3004, 3006, 3013, 3026 };
        for (var code = 3000; code <= 3035; code++)
        {
            Assert.True(protocolErrors.Contains(code) || XRootDFailureMap.Classify(code) != FailureKind.ProtocolError, $"code {code}");
        }
    }

    [Fact]
    public void ToException_KeepsCodeAndMessageForHumans()
    {
        var exception = XRootDFailureMap.ToException(new XRootDError(3011, "no such file /lake/x"), "kXR_stat");

        Assert.Equal(FailureKind.NotFound, exception.Kind);
        Assert.Contains("3011", exception.Message, StringComparison.Ordinal);
        Assert.Contains("no such file /lake/x", exception.Message, StringComparison.Ordinal);
    }
}
